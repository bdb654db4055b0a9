package io.kalchemy.errors;

/**
 * A class cannot be mapped as written: no id, an unsupported property type, two properties
 * on one column, an annotation where it cannot apply. Raised when the mapper is built, naming
 * the class and the property.
 */
public class MappingError extends ArgumentError {
    /** Creates the error with a message naming the class and property. */
    public MappingError(String message) {
        super(message);
    }

    /** Creates the error with a message and the cause. */
    public MappingError(String message, Throwable cause) {
        super(message, cause);
    }
}
