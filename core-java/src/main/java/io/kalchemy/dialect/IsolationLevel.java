package io.kalchemy.dialect;

/**
 * How much of other transactions' concurrent work a transaction may see, as SQL defines the
 * levels; {@link Dialect#isolationSql} sets one for a transaction just begun. PostgreSQL's default
 * is {@link #READ_COMMITTED}. A database that runs one write transaction at a time and gives each
 * read one snapshot (SQLite) is serializable whatever is asked: it satisfies every level.
 */
public enum IsolationLevel {
    /** Each statement sees what was committed before it began. */
    READ_COMMITTED("READ COMMITTED"),
    /** The transaction sees one snapshot, taken at its first statement; a concurrent update of a row it updates fails it (a serialization failure). */
    REPEATABLE_READ("REPEATABLE READ"),
    /**
     * As if the transactions ran one after another; the database fails one of two transactions
     * whose concurrent work could not have happened that way (a serialization failure, to be
     * retried). CockroachDB's and YugabyteDB's default.
     */
    SERIALIZABLE("SERIALIZABLE");

    private final String sql;

    IsolationLevel(String sql) {
        this.sql = sql;
    }

    /** The level as SQL writes it. */
    public String sql() {
        return sql;
    }
}
