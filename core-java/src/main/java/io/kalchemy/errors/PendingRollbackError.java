package io.kalchemy.errors;

/**
 * The session's transaction was rolled back because a flush failed; until
 * {@code session.rollback()} is called, the session refuses further work. The cause is the
 * error that made the flush fail.
 */
public class PendingRollbackError extends InvalidRequestError {
    /** Creates the error carrying the original flush failure. */
    public PendingRollbackError(String message, Throwable cause) {
        super(message, cause);
    }
}
