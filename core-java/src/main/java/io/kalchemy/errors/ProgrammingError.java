package io.kalchemy.errors;

/**
 * SQLite could not run the statement as written: a syntax error, an unknown table or
 * column, a wrong number of parameters. The message carries SQLite's own words and the SQL.
 */
public class ProgrammingError extends DatabaseError {
    /** Creates the error; see {@link DatabaseError#DatabaseError} for the arguments. */
    public ProgrammingError(String message, String statement, int vendorCode, Throwable cause) {
        super(message, statement, vendorCode, cause);
    }
}
