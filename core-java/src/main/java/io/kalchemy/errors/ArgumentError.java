package io.kalchemy.errors;

/**
 * A statement, schema object or option was built from arguments that cannot work
 * (an unknown column, a value of the wrong type, a duplicate name). Raised before anything
 * reaches the database.
 */
public class ArgumentError extends KalchemyException {
    /** Creates the error with a message naming the offending argument. */
    public ArgumentError(String message) {
        super(message);
    }

    /** Creates the error with a message and the cause. */
    public ArgumentError(String message, Throwable cause) {
        super(message, cause);
    }
}
