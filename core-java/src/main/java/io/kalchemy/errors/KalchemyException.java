package io.kalchemy.errors;

/**
 * Base of every exception Kalchemy throws on purpose; catch this to catch them all.
 * Instances are immutable and safe to share between threads.
 */
public class KalchemyException extends RuntimeException {
    /** Creates an exception with a message that says what went wrong. */
    public KalchemyException(String message) {
        super(message);
    }

    /** Creates an exception with a message and the underlying cause. */
    public KalchemyException(String message, Throwable cause) {
        super(message, cause);
    }
}
