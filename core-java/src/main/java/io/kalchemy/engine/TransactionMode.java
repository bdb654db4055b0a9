package io.kalchemy.engine;

/**
 * How a transaction takes SQLite's locks. DEFERRED takes them on first use; IMMEDIATE takes
 * the write lock at BEGIN (so writers queue at BEGIN instead of failing at their first write);
 * EXCLUSIVE also keeps readers out in rollback-journal mode.
 */
public enum TransactionMode {
    DEFERRED, IMMEDIATE, EXCLUSIVE;

    String beginSql() {
        return "BEGIN " + name();
    }
}
