package io.kalchemy.dialect.sqlite;

import io.kalchemy.dialect.Encryption;

import io.kalchemy.errors.EncryptionError;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Encryption on SQLite: whether the driver on the classpath can encrypt, the driver properties
 * that apply an {@link Encryption}, and what a "file is not a database" failure means.
 *
 * <p>Only the SQLite3MultipleCiphers build of the driver ({@code io.github.willena:sqlite-jdbc})
 * encrypts. xerial's driver accepts a key (URL parameter, property, {@code PRAGMA key}) without a
 * word and writes a plain file; the two share their classes, so which one runs is decided by the
 * classpath order, not by which classes exist. The check therefore asks SQLite itself:
 * {@code sqlite3mc_version()} exists only in the cipher build. Thread-safe.
 */
final class SqliteCipher {
    private SqliteCipher() {
    }

    /** What to add to the classpath, for messages. */
    static final String DRIVER = "io.github.willena:sqlite-jdbc:3.40.1.0 (the SQLite3MultipleCiphers driver) in place of "
            + "org.xerial:sqlite-jdbc (exclude it); see docs/encryption.md";

    /** Settings that only make sense with a key: given as pragmas they would be ignored by a plain driver. */
    static final Set<String> KEY_SETTINGS = Set.of("key", "rekey", "hexkey", "hexrekey", "textkey", "cipher", "legacy",
            "kdf_iter", "fast_kdf_iter", "hmac_use", "hmac_pgno", "hmac_salt_mask", "kdf_algorithm", "hmac_algorithm",
            "legacy_page_size", "plaintext_header_size", "password");

    private static final Pattern URL_KEY = Pattern.compile("(?i)[?&](key|hexkey|textkey|password|cipher)=");
    private static final byte[] PLAIN_HEADER = "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);
    private static final int SQLITE_NOTADB = 26;

    private static volatile String version;

    /** The SQLite3MultipleCiphers version of the driver in use, or null when it cannot encrypt. */
    static String cipherVersion() {
        String v = version;
        if (v != null) {
            return v.isEmpty() ? null : v;
        }
        try (java.sql.Connection c = org.sqlite.JDBC.createConnection("jdbc:sqlite::memory:", new Properties());
             java.sql.Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT sqlite3mc_version()")) {
            v = rs.next() ? rs.getString(1) : "";
        } catch (SQLException e) {
            v = ""; // no such function: a driver without ciphers
        }
        version = v;
        return v.isEmpty() ? null : v;
    }

    /**
     * Refuses to go on when the driver cannot encrypt.
     *
     * @throws EncryptionError naming the dependency to add
     */
    static void require(String asked) {
        if (cipherVersion() == null) {
            throw new EncryptionError(asked + ", but the SQLite JDBC driver on the classpath cannot encrypt: it would write a plain file."
                    + " Use " + DRIVER, null);
        }
    }

    /** True when {@code url} carries a key or cipher parameter for the driver. */
    static boolean urlHasKey(String url) {
        return URL_KEY.matcher(url).find();
    }

    /** Adds the driver properties that open a connection with {@code encryption}: the key travels as hex. */
    static void apply(Encryption encryption, Properties props) {
        props.setProperty("cipher", encryption.cipher().driverName());
        if (encryption.legacy() > 0) {
            props.setProperty("legacy", Integer.toString(encryption.legacy()));
        }
        props.setProperty("hexkey_mode", "SSE");
        props.setProperty("key", encryption.hexKey());
    }

    /** Refuses a key-related setting given as a pragma: a plain driver would ignore it and write a plain file. */
    static void refuseSetting(String name) {
        if (KEY_SETTINGS.contains(name.toLowerCase(Locale.ROOT))) {
            throw new EncryptionError("PRAGMA " + name + " is not set through pragma settings (with a driver that cannot encrypt it would"
                    + " silently give a plain file): open the database with encryption = SqlCipher(key) (Kotlin) or"
                    + " EngineOptions.encryption(Encryption.sqlCipher(key)); encryption needs " + DRIVER, null);
        }
    }

    /**
     * What a failure to read {@code file} means when SQLite says it is not a database, or null
     * when {@code e} is not that failure: a plain file opened with a key, an encrypted one opened
     * without a key or with the wrong key or cipher settings.
     */
    static EncryptionError explain(Path file, String url, Encryption encryption, boolean urlKey, SQLException e) {
        String message = e.getMessage() == null ? "" : e.getMessage();
        // a key on a plain file: the cipher build says "unsupported file format" rather than NOTADB
        boolean keyedPlainFile = (encryption != null || urlKey) && message.contains("unsupported file format");
        if (e.getErrorCode() != SQLITE_NOTADB && !message.contains("SQLITE_NOTADB") && !keyedPlainFile) {
            return null;
        }
        boolean plain = startsWithPlainHeader(file);
        String shown = io.kalchemy.dialect.Redaction.url(url);
        if (encryption != null || urlKey) {
            return new EncryptionError(plain
                    ? "cannot open " + shown + " with a key: the file is a plain, unencrypted SQLite database. Open it without"
                        + " encryption, or encrypt it first with SqliteEncryption.encrypt(file, encryption)"
                    : "cannot open " + shown + ": wrong key or cipher settings (" + (encryption == null ? "given in the URL" : encryption)
                        + "), or the file is not a SQLite database at all", io.kalchemy.errors.OperationalError.Kind.NOT_A_DATABASE, e);
        }
        return plain ? null : new EncryptionError("cannot open " + shown + ": the file is encrypted (or not a SQLite database);"
                + " open it with encryption = SqlCipher(key) or ChaCha20(key), which needs " + DRIVER,
                io.kalchemy.errors.OperationalError.Kind.NOT_A_DATABASE, e);
    }

    private static boolean startsWithPlainHeader(Path file) {
        if (file == null) {
            return false;
        }
        try (InputStream in = Files.newInputStream(file)) {
            return Arrays.equals(in.readNBytes(PLAIN_HEADER.length), PLAIN_HEADER);
        } catch (IOException e) {
            return false;
        }
    }
}
