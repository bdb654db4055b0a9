package io.kalchemy.errors;

/** A result was asked for at most one row and had more than one. */
public class MultipleResultsFound extends InvalidRequestError {
    /** Creates the error; the message says which call expected one row. */
    public MultipleResultsFound(String message) {
        super(message);
    }
}
