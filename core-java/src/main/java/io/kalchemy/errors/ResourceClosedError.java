package io.kalchemy.errors;

/** A connection, transaction or result was used after it was closed. */
public class ResourceClosedError extends InvalidRequestError {
    /** Creates the error naming the closed resource. */
    public ResourceClosedError(String message) {
        super(message);
    }
}
