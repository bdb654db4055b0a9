package io.kalchemy.dialect;

/**
 * How a transaction takes its locks ({@link Dialect#beginSql} renders it). On SQLite: DEFERRED takes them on first use; IMMEDIATE takes
 * the write lock at BEGIN (so writers queue at BEGIN instead of failing at their first write);
 * EXCLUSIVE also keeps readers out in rollback-journal mode.
 */
public enum TransactionMode {
    DEFERRED, IMMEDIATE, EXCLUSIVE
}
