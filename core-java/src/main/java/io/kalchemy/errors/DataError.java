package io.kalchemy.errors;

/**
 * A value could not be converted between its Java type and its stored form: text in a UUID
 * column that is not a UUID, an enum name that no constant has, a date in an unknown format.
 * The message names the type and the value.
 */
public class DataError extends KalchemyException {
    /** Creates the error with a message naming the type and the offending value. */
    public DataError(String message) {
        super(message);
    }

    /** Creates the error with a message and the cause. */
    public DataError(String message, Throwable cause) {
        super(message, cause);
    }
}
