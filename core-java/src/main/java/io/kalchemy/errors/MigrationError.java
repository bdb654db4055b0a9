package io.kalchemy.errors;

/**
 * A migration could not run: the revision files are inconsistent (duplicate ids, a branching or
 * broken history), the database is at a revision the code does not know, or a revision failed
 * (the database then stays at the revision before it).
 */
public class MigrationError extends KalchemyException {
    /** Creates the error with a message naming the revision, file or database state at fault. */
    public MigrationError(String message) {
        super(message);
    }

    /** Creates the error with a message and the cause. */
    public MigrationError(String message, Throwable cause) {
        super(message, cause);
    }
}
