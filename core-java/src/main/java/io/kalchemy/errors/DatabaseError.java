package io.kalchemy.errors;

import java.sql.SQLException;

/**
 * SQLite refused a statement. Keeps the SQL text, SQLite's (extended) result code and the
 * original {@link SQLException} as the cause. Subclasses say which kind of failure it was.
 */
public class DatabaseError extends KalchemyException {
    private final String statement;
    private final int sqliteCode;

    /**
     * Creates the error.
     *
     * @param message what happened, in words
     * @param statement the SQL that failed, or null when no statement was running
     * @param sqliteCode SQLite's extended result code, or -1 when unknown
     * @param cause the driver's exception
     */
    public DatabaseError(String message, String statement, int sqliteCode, Throwable cause) {
        super(statement == null ? message : message + " [SQL: " + statement + "]", cause);
        this.statement = statement;
        this.sqliteCode = sqliteCode;
    }

    /** The SQL text that failed, or null. */
    public String statement() {
        return statement;
    }

    /** SQLite's extended result code (for example 2067 for a UNIQUE violation), or -1. */
    public int sqliteCode() {
        return sqliteCode;
    }

    /** SQLite's primary result code (the low byte of {@link #sqliteCode()}), or -1. */
    public int primaryCode() {
        return sqliteCode < 0 ? -1 : sqliteCode & 0xff;
    }
}
