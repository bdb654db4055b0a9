package io.kalchemy.dialect;

import io.kalchemy.errors.ArgumentError;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * How a database file is encrypted and the key that opens it (SQLite through the
 * SQLite3MultipleCiphers build of the JDBC driver; see {@code docs/encryption.md}):
 * <ul>
 *   <li>{@link #sqlCipher(String, int)}: SQLCipher's format, {@code legacy} 4 (SQLCipher 4: page
 *       size 4096, PBKDF2-HMAC-SHA512 with 256,000 iterations, HMAC-SHA512 per page) or 3
 *       (SQLCipher 3: page size 1024, PBKDF2-HMAC-SHA1 with 64,000 iterations, HMAC-SHA1), readable by
 *       SQLCipher of that major version given the same passphrase;</li>
 *   <li>{@link #chaCha20(String)}: ChaCha20-Poly1305, SQLite3MultipleCiphers' default scheme.</li>
 * </ul>
 * The key is a passphrase (its UTF-8 bytes) or, with the {@code hexKey} factories, bytes given in
 * hex; either way it goes through the scheme's key derivation. The key is kept as bytes, handed to
 * the driver as hex only while a connection opens, never logged ({@link #toString()} masks it), and
 * {@link #destroy()} zeroes it.
 *
 * <p>Immutable apart from {@link #destroy()}; thread-safe.
 */
public final class Encryption {
    /** The encryption scheme. */
    public enum Cipher {
        /** SQLCipher's format ({@code cipher=sqlcipher}). */
        SQLCIPHER("sqlcipher"),
        /** ChaCha20-Poly1305 ({@code cipher=chacha20}). */
        CHACHA20("chacha20");

        private final String driverName;

        Cipher(String driverName) {
            this.driverName = driverName;
        }

        /** The name SQLite3MultipleCiphers knows it by. */
        public String driverName() {
            return driverName;
        }
    }

    private final Cipher cipher;
    private final int legacy;
    private final byte[] key;
    private boolean destroyed; // guarded by key

    private Encryption(Cipher cipher, int legacy, byte[] key) {
        if (key == null || key.length == 0) {
            throw new ArgumentError("an encryption key must not be empty");
        }
        this.cipher = cipher;
        this.legacy = legacy;
        this.key = key.clone();
    }

    /** SQLCipher 4's format with {@code passphrase}. */
    public static Encryption sqlCipher(String passphrase) {
        return sqlCipher(passphrase, 4);
    }

    /**
     * SQLCipher's format of major version {@code legacy} (3 or 4) with {@code passphrase}.
     *
     * @throws ArgumentError when {@code legacy} is not 3 or 4, or the passphrase is empty
     */
    public static Encryption sqlCipher(String passphrase, int legacy) {
        return sqlCipherHexKey(bytes(passphrase), legacy);
    }

    /** SQLCipher's format of major version {@code legacy} (3 or 4) with the key bytes {@code key}. */
    public static Encryption sqlCipherHexKey(byte[] key, int legacy) {
        if (legacy != 3 && legacy != 4) {
            throw new ArgumentError("SQLCipher compatibility must be 3 or 4, got " + legacy);
        }
        return new Encryption(Cipher.SQLCIPHER, legacy, key);
    }

    /** ChaCha20-Poly1305 (SQLite3MultipleCiphers' default) with {@code passphrase}. */
    public static Encryption chaCha20(String passphrase) {
        return chaCha20HexKey(bytes(passphrase));
    }

    /** ChaCha20-Poly1305 with the key bytes {@code key}. */
    public static Encryption chaCha20HexKey(byte[] key) {
        return new Encryption(Cipher.CHACHA20, 0, key);
    }

    private static byte[] bytes(String passphrase) {
        if (passphrase == null || passphrase.isEmpty()) {
            throw new ArgumentError("an encryption passphrase must not be empty");
        }
        return passphrase.getBytes(StandardCharsets.UTF_8);
    }

    /** The scheme. */
    public Cipher cipher() {
        return cipher;
    }

    /** The SQLCipher major version whose format is written (3 or 4), or 0 for other schemes. */
    public int legacy() {
        return legacy;
    }

    /**
     * The key as lower-case hex, for the driver: call it only to open a connection or change a key,
     * and drop the string at once.
     *
     * @throws IllegalStateException after {@link #destroy()}
     */
    public String hexKey() {
        synchronized (key) {
            if (destroyed) {
                throw new IllegalStateException("this encryption key was destroyed");
            }
            return HexFormat.of().formatHex(key);
        }
    }

    /** Zeroes the key: nothing can be opened with this object afterwards. */
    public void destroy() {
        synchronized (key) {
            Arrays.fill(key, (byte) 0);
            destroyed = true;
        }
    }

    @Override
    public String toString() {
        return "Encryption(" + cipher.driverName + (legacy > 0 ? ", legacy=" + legacy : "") + ", key=***)";
    }
}
