package io.kalchemy.errors;

/**
 * A flush expected to update or delete one row and matched none: the row was deleted, or its
 * {@code @Version} changed underneath (optimistic locking). The message names the entity and key.
 */
public class StaleDataError extends KalchemyException {
    /** Creates the error naming the entity, key and expected version. */
    public StaleDataError(String message) {
        super(message);
    }
}
