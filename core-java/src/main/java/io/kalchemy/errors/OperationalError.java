package io.kalchemy.errors;

/**
 * The database could not do the work for a reason outside the statement itself: it is
 * busy or locked by another connection, read-only, full, corrupt, or cannot be opened.
 * {@link #kind()} says which.
 */
public class OperationalError extends DatabaseError {
    /**
     * Why the operation failed. {@code CONFLICT}: a concurrent transaction made this one fail
     * (a serialization failure or a deadlock); running the whole transaction again may succeed.
     */
    public enum Kind { BUSY, LOCKED, READ_ONLY, DISK_FULL, IO, CORRUPT, NOT_A_DATABASE, CANNOT_OPEN, INTERRUPTED, TOO_BIG, CONFLICT, OTHER }

    private final Kind kind;

    /** Creates the error; see {@link DatabaseError#DatabaseError} for the arguments. */
    public OperationalError(String message, String statement, int vendorCode, Kind kind, Throwable cause) {
        super(message, statement, vendorCode, cause);
        this.kind = kind;
    }

    /** Why the operation failed. */
    public Kind kind() {
        return kind;
    }
}
