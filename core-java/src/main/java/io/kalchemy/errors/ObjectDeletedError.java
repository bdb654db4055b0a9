package io.kalchemy.errors;

/** A refresh found no row for an object the session believed persistent: it was deleted elsewhere. */
public class ObjectDeletedError extends InvalidRequestError {
    /** Creates the error naming the entity and key. */
    public ObjectDeletedError(String message) {
        super(message);
    }
}
