package io.kalchemy.engine;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One open JDBC connection and its prepared-statement cache (least recently used first out).
 * A statement in use by an open cursor is "busy": asking for the same SQL meanwhile prepares a
 * second, uncached statement instead of disturbing the cursor. Confined to one thread at a time
 * by its {@link Connection} (or by the engine's pool).
 */
final class PhysicalConnection {
    final java.sql.Connection jdbc;
    private final int cacheSize;
    private final LinkedHashMap<String, PreparedStatement> cache;
    /** Statements handed out and not yet released; the value says whether the cache owns it. */
    private final Map<PreparedStatement, Boolean> busy = new IdentityHashMap<>();
    private boolean closed;
    /** The dialect's memo for {@link Connection#mayDeferForeignKeyChecks()}: schema version seen, and its answer. */
    final long[] deferredKeysMemo = {-1, 0};

    PhysicalConnection(java.sql.Connection jdbc, int cacheSize) {
        this.jdbc = jdbc;
        this.cacheSize = cacheSize;
        this.cache = new LinkedHashMap<>(Math.max(16, cacheSize), 0.75f, true);
    }

    PreparedStatement acquire(String sql) throws SQLException {
        PreparedStatement ps = cache.get(sql);
        if (ps != null && !busy.containsKey(ps)) {
            busy.put(ps, Boolean.TRUE);
            return ps;
        }
        PreparedStatement fresh = jdbc.prepareStatement(sql);
        if (ps == null && cacheSize > 0) {
            cache.put(sql, fresh);
            busy.put(fresh, Boolean.TRUE);
            evict();
        } else {
            busy.put(fresh, Boolean.FALSE);
        }
        return fresh;
    }

    private void evict() {
        Iterator<Map.Entry<String, PreparedStatement>> it = cache.entrySet().iterator();
        while (cache.size() > cacheSize && it.hasNext()) {
            PreparedStatement eldest = it.next().getValue();
            it.remove();
            if (busy.containsKey(eldest)) {
                busy.put(eldest, Boolean.FALSE); // closed when its cursor releases it
            } else {
                closeQuietly(eldest);
            }
        }
    }

    void release(PreparedStatement ps) {
        Boolean cached = busy.remove(ps);
        if (cached == null || !cached) {
            closeQuietly(ps);
        }
    }

    /**
     * Gives back a statement whose execution failed: it leaves the cache and is closed, so the
     * next use of the same SQL prepares afresh (a statement SQLite left in an error state, or
     * prepared against a schema that has since changed, fails every later execution otherwise).
     */
    void discard(String sql, PreparedStatement ps) {
        busy.remove(ps);
        if (cache.get(sql) == ps) {
            cache.remove(sql);
        }
        closeQuietly(ps);
    }

    int cachedStatements() {
        return cache.size();
    }

    int busyStatements() {
        return busy.size();
    }

    boolean isClosed() {
        return closed;
    }

    void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (PreparedStatement ps : busy.keySet()) {
            closeQuietly(ps);
        }
        for (PreparedStatement ps : cache.values()) {
            closeQuietly(ps);
        }
        busy.clear();
        cache.clear();
        try {
            jdbc.close();
        } catch (SQLException ignored) {
            // closing is best effort; the OS reclaims the handle either way
        }
    }

    private static void closeQuietly(PreparedStatement ps) {
        try {
            ps.close();
        } catch (SQLException ignored) {
            // a statement that fails to close has nothing left to release
        }
    }
}
