package io.kalchemy.errors;

/**
 * A flush cannot be planned from the objects in the session: a primary key that must be assigned
 * is null, or an object is in a state the operation does not allow. Raised before any SQL runs.
 */
public class FlushError extends InvalidRequestError {
    /** Creates the error naming the entity and what is wrong with it. */
    public FlushError(String message) {
        super(message);
    }
}
