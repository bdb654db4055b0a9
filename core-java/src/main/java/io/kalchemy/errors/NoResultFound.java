package io.kalchemy.errors;

/** A result was asked for exactly one row (or scalar) and had none. */
public class NoResultFound extends InvalidRequestError {
    /** Creates the error; the message says which call expected a row. */
    public NoResultFound(String message) {
        super(message);
    }
}
