package io.kalchemy.sql;

/**
 * An executable statement: SELECT (plain or compound), INSERT, UPDATE, DELETE or text().
 * Statements are immutable; each remembers its compiled form so executing the same statement
 * again binds new values without compiling (see {@link StatementBase}).
 */
public interface Statement extends SqlNode {
    /** The compiled form cached by {@code owner} (a dialect), or null. */
    @io.kalchemy.InternalApi
    Object cachedCompilation(Object owner);

    /** Caches {@code compiled} as this statement's compiled form for {@code owner}. */
    @io.kalchemy.InternalApi
    void cacheCompilation(Object owner, Object compiled);
}
