package io.kalchemy.errors;

/**
 * A transaction given a time limit did not reach its COMMIT within it (waiting for the writer
 * included); it was rolled back, so nothing of it was written. A transaction whose COMMIT had
 * begun when the limit passed is not failed: its caller gets its value.
 */
public class TransactionTimeoutError extends KalchemyException {
    /** Creates the error with a message naming the limit. */
    public TransactionTimeoutError(String message) {
        super(message);
    }
}
