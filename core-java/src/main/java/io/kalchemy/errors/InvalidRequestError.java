package io.kalchemy.errors;

/**
 * The API was used in a state that does not allow the call (a closed connection, an
 * inactive transaction, a result asked for one row that has several).
 */
public class InvalidRequestError extends KalchemyException {
    /** Creates the error with a message that says which call was refused and why. */
    public InvalidRequestError(String message) {
        super(message);
    }

    /** Creates the error with a message and the cause. */
    public InvalidRequestError(String message, Throwable cause) {
        super(message, cause);
    }
}
