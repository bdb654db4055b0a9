package io.kalchemy.sql;

/**
 * The rows a SELECT locks until its transaction ends, and what it does when another transaction
 * holds one of them (see {@link Select#forUpdate()}). Rendered only by dialects with
 * {@link io.kalchemy.dialect.Capability#ROW_LOCKS}.
 */
public enum RowLock {
    /** {@code FOR UPDATE}: wait for the other transaction. */
    FOR_UPDATE("FOR UPDATE"),
    /** {@code FOR UPDATE NOWAIT}: fail at once (an {@link io.kalchemy.errors.OperationalError} of kind BUSY). */
    FOR_UPDATE_NOWAIT("FOR UPDATE NOWAIT"),
    /** {@code FOR UPDATE SKIP LOCKED}: leave those rows out of the result. */
    FOR_UPDATE_SKIP_LOCKED("FOR UPDATE SKIP LOCKED");

    private final String sql;

    RowLock(String sql) {
        this.sql = sql;
    }

    /** The clause as SQL. */
    public String sql() {
        return sql;
    }
}
