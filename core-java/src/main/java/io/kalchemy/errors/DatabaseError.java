package io.kalchemy.errors;

import java.sql.SQLException;

/**
 * The database refused a statement. Keeps the SQL text, the database's own error code and
 * SQLSTATE, and the driver's {@link SQLException} as the cause. Subclasses say which kind of
 * failure it was, in the same terms on every database.
 */
public class DatabaseError extends KalchemyException {
    private final String statement;
    private final int vendorCode;

    /**
     * Creates the error.
     *
     * @param message what happened, in words
     * @param statement the SQL that failed, or null when no statement was running
     * @param vendorCode the database's own numeric error code (SQLite: the extended result code), or -1
     * @param cause the driver's exception
     */
    public DatabaseError(String message, String statement, int vendorCode, Throwable cause) {
        super(statement == null ? message : message + " [SQL: " + statement + "]", cause);
        this.statement = statement;
        this.vendorCode = vendorCode;
    }

    /** The SQL text that failed, or null. */
    public String statement() {
        return statement;
    }

    /**
     * The database's own numeric error code, or -1 when there is none (an error Kalchemy raised
     * itself). On SQLite the extended result code, for example 2067 for a UNIQUE violation.
     */
    public int vendorCode() {
        return vendorCode;
    }

    /** The SQLSTATE the driver reported, or null (sqlite-jdbc reports none). */
    public String sqlState() {
        return getCause() instanceof SQLException e ? e.getSQLState() : null;
    }
}
