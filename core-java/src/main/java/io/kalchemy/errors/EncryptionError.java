package io.kalchemy.errors;

/**
 * An encrypted database could not be opened as asked: the key or cipher settings are wrong, a key
 * is missing for an encrypted file, a key was given for a plain file, or encryption was asked of a
 * JDBC driver that cannot encrypt (which would silently write a plain file). The message says which
 * and what to do; it never contains the key.
 */
public class EncryptionError extends OperationalError {
    /** Creates the error for a refusal before anything was opened ({@link Kind#CANNOT_OPEN}). */
    public EncryptionError(String message, Throwable cause) {
        this(message, Kind.CANNOT_OPEN, cause);
    }

    /** Creates the error of {@code kind} ({@link Kind#NOT_A_DATABASE} when the file could not be read with the key given or missing). */
    public EncryptionError(String message, Kind kind, Throwable cause) {
        super(message, null, 0, kind, cause);
    }
}
