package io.kalchemy.sql;

/**
 * Holds the one-slot compilation cache every statement has. The slot is opaque here: the
 * dialect stores its compiled form and checks it is its own before use. Racing writers only
 * compile twice; a reader always sees a complete entry.
 */
public abstract class StatementBase implements Statement {
    private volatile CacheEntry cache;

    private record CacheEntry(Object owner, Object value) {
    }

    /** Subclasses are the statement kinds of this package. */
    StatementBase() {
    }

    @Override
    @io.kalchemy.InternalApi
    public final Object cachedCompilation(Object owner) {
        CacheEntry e = cache;
        return e != null && e.owner == owner ? e.value : null;
    }

    @Override
    @io.kalchemy.InternalApi
    public final void cacheCompilation(Object owner, Object compiled) {
        cache = new CacheEntry(owner, compiled);
    }
}
