package io.kalchemy.errors;

/**
 * Waiting for a connection took longer than allowed (SQLAlchemy's {@code TimeoutError}): the
 * writer stayed held by another transaction or explicit session, or every reader connection stayed
 * in use, for the whole acquire timeout. The message names what held it and for how long. Nothing
 * of the waiting call ran, so nothing of it was written.
 */
public class AcquireTimeoutError extends KalchemyException {
    /** Creates the error with a message naming what was waited for and who held it. */
    public AcquireTimeoutError(String message) {
        super(message);
    }
}
