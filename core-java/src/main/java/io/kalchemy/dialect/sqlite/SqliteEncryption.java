package io.kalchemy.dialect.sqlite;

import io.kalchemy.dialect.Encryption;
import io.kalchemy.errors.ArgumentError;
import io.kalchemy.errors.DatabaseError;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Changing how a SQLite file is encrypted (needs the SQLite3MultipleCiphers driver, see
 * {@link Encryption}): {@link #rekey} changes the key, {@link #encrypt} encrypts a plain file in
 * place, {@link #decrypt} writes a plain copy. Each works on a file that no connection has open
 * (close the {@code Database} or {@code Engine} first): a connection holding the old key could
 * no longer read it. The file is switched out of WAL mode for the change (SQLite3MultipleCiphers
 * refuses to rekey in WAL mode) and back to WAL after. Keys reach SQLite as hex digits only.
 */
public final class SqliteEncryption {
    private SqliteEncryption() {
    }

    /**
     * Re-encrypts {@code file}, opened with {@code current}, under {@code next}'s key (same scheme).
     *
     * @throws io.kalchemy.errors.EncryptionError when {@code current} does not open the file, or the driver cannot encrypt
     * @throws ArgumentError when {@code next} asks for another scheme (decrypt and encrypt again for that)
     */
    public static void rekey(Path file, Encryption current, Encryption next) {
        if (current.cipher() != next.cipher() || current.legacy() != next.legacy()) {
            throw new ArgumentError("rekey keeps the scheme (" + current + " to " + next + "): to change it, decrypt to a plain copy"
                    + " and encrypt that");
        }
        change(file, current, "PRAGMA hexrekey = '" + next.hexKey() + "'");
    }

    /**
     * Encrypts the plain SQLite file {@code file} in place with {@code encryption}.
     *
     * @throws io.kalchemy.errors.EncryptionError when the file is already encrypted, or the driver cannot encrypt
     */
    public static void encrypt(Path file, Encryption encryption) {
        SqliteCipher.require("encrypting " + file);
        StringBuilder pragmas = new StringBuilder();
        if (encryption.cipher() == Encryption.Cipher.SQLCIPHER && encryption.legacy() == 3) {
            // SQLCipher 3 pages are 1024 bytes, and an encrypted file cannot change its page size: change it while plain
            pragmas.append("PRAGMA page_size = 1024;VACUUM;");
        }
        pragmas.append("PRAGMA cipher = '").append(encryption.cipher().driverName()).append("'");
        if (encryption.legacy() > 0) {
            pragmas.append(";PRAGMA legacy = ").append(encryption.legacy());
        }
        pragmas.append(";PRAGMA hexrekey = '").append(encryption.hexKey()).append("'");
        change(file, null, pragmas.toString());
    }

    /**
     * Writes a plain, unencrypted copy of {@code file} (opened with {@code current}) to {@code plainCopy},
     * replacing what is there; {@code file} stays as it was.
     *
     * @throws io.kalchemy.errors.EncryptionError when {@code current} does not open the file
     */
    public static void decrypt(Path file, Encryption current, Path plainCopy) {
        run(file, current, "PRAGMA wal_checkpoint(TRUNCATE)"); // everything committed is in the main file
        try {
            Files.copy(file, plainCopy, StandardCopyOption.REPLACE_EXISTING);
            Files.deleteIfExists(Path.of(plainCopy + "-wal"));
            Files.deleteIfExists(Path.of(plainCopy + "-shm"));
        } catch (IOException e) {
            throw new ArgumentError("cannot copy " + file + " to " + plainCopy + ": " + e.getMessage());
        }
        change(plainCopy, current, "PRAGMA rekey = ''");
    }

    /** Runs {@code pragmas} (separated by ';') on {@code file} in rollback-journal mode, then returns it to WAL. */
    private static void change(Path file, Encryption encryption, String pragmas) {
        run(file, encryption, "PRAGMA journal_mode = DELETE;" + pragmas + ";PRAGMA journal_mode = WAL");
    }

    private static void run(Path file, Encryption encryption, String pragmas) {
        if (!Files.isRegularFile(file)) {
            throw new ArgumentError("no database file at " + file);
        }
        String url = "jdbc:sqlite:" + file;
        try (java.sql.Connection c = SqliteDialect.INSTANCE.open(url, encryption); Statement st = c.createStatement()) {
            for (String pragma : pragmas.split(";")) {
                st.execute(pragma);
            }
        } catch (SQLException e) {
            DatabaseError translated = SqliteDialect.INSTANCE.translate(e, null);
            throw translated;
        }
    }
}
