package io.kalchemy.dialect.sqlite;

import io.kalchemy.dialect.Capability;
import io.kalchemy.dialect.CompileCache;
import io.kalchemy.dialect.CompiledStatement;
import io.kalchemy.dialect.DdlCompiler;
import io.kalchemy.dialect.Dialect;
import io.kalchemy.dialect.SchemaReader;
import io.kalchemy.dialect.SqlCompiler;
import io.kalchemy.dialect.TransactionMode;
import io.kalchemy.dialect.TypeMap;
import io.kalchemy.errors.DatabaseError;
import io.kalchemy.errors.IntegrityError;
import io.kalchemy.errors.OperationalError;
import io.kalchemy.errors.ProgrammingError;
import io.kalchemy.schema.Column;
import io.kalchemy.schema.Table;
import io.kalchemy.sql.Statement;
import org.sqlite.SQLiteConnection;
import org.sqlite.SQLiteException;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The SQLite dialect: compiles statements with {@link SqliteCompiler}, caches each statement's
 * compiled form on the statement, renders DDL, quotes identifiers only where needed and turns
 * sqlite-jdbc errors into {@link IntegrityError}, {@link OperationalError} and
 * {@link ProgrammingError}. Immutable and thread-safe; use {@link #INSTANCE}.
 */
public class SqliteDialect implements Dialect {
    /** The shared instance. */
    public static final SqliteDialect INSTANCE = new SqliteDialect();

    private static final Pattern PLAIN_IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern CONSTRAINT_DETAIL = Pattern.compile("constraint failed: ([^)\\]]+)", Pattern.CASE_INSENSITIVE);

    private final CompileCache compileCache = new CompileCache();
    /** The built-in types already describe SQLite's storage: nothing is remapped, variants named {@code sqlite} apply. */
    private final TypeMap types = new TypeMap("sqlite");

    /** Subclass to change rendering; most code should use {@link #INSTANCE}. */
    protected SqliteDialect() {
    }

    /** Everything the shared code relies on: SQLite 3.35+ (RETURNING), rowids ascending within one INSERT. */
    /** Everything but row locks and concurrent writers (SQLite writes one transaction at a time) and in-place column changes (it rebuilds). */
    private static final java.util.Set<Capability> CAPABILITIES = java.util.Collections.unmodifiableSet(java.util.EnumSet.complementOf(
            java.util.EnumSet.of(Capability.ROW_LOCKS, Capability.CONCURRENT_WRITERS, Capability.ALTER_COLUMNS)));

    @Override
    public java.util.Set<Capability> capabilities() {
        return CAPABILITIES;
    }

    @Override
    public TypeMap types() {
        return types;
    }

    @Override
    public String name() {
        return "sqlite";
    }

    @Override
    public boolean acceptsProduct(String productName) {
        return "SQLite".equalsIgnoreCase(productName); // what sqlite-jdbc and SQLite3MultipleCiphers report
    }

    // ---- connections --------------------------------------------------------------------------

    private static final String PREFIX = "jdbc:sqlite:";
    /** SQLITE_MAX_VARIABLE_NUMBER's default since SQLite 3.32. */
    private static final int MAX_VARIABLES = 32766;

    @Override
    public boolean accepts(String url) {
        return url != null && url.startsWith(PREFIX);
    }

    @Override
    public String urlForms() {
        return "jdbc:sqlite:<path> or jdbc:sqlite::memory:";
    }

    @Override
    public boolean isMemory(String url) {
        String path = url.substring(PREFIX.length());
        return path.isEmpty() || path.contains(":memory:") || path.contains("mode=memory");
    }

    @Override
    public java.sql.Connection open(String url) throws SQLException {
        return open(url, null);
    }

    /**
     * Opens {@code url}, encrypted with {@code encryption} when given (see {@link SqliteCipher}),
     * and reads the schema once, so a wrong or missing key fails here with an {@link
     * io.kalchemy.errors.EncryptionError} saying so rather than as "file is not a database" later.
     */
    @Override
    public java.sql.Connection open(String url, io.kalchemy.dialect.Encryption encryption) throws SQLException {
        boolean urlKey = SqliteCipher.urlHasKey(url);
        boolean memory = isMemory(url);
        if (encryption != null || urlKey) {
            if (memory) {
                throw new io.kalchemy.errors.ArgumentError("an in-memory SQLite database cannot be encrypted: " + io.kalchemy.dialect.Redaction.url(url));
            }
            SqliteCipher.require(encryption != null ? "encryption was asked for " + io.kalchemy.dialect.Redaction.url(url)
                    : "the URL " + io.kalchemy.dialect.Redaction.url(url) + " carries a key or cipher");
        }
        Properties props = new Properties();
        // Kalchemy reads generated keys with RETURNING; without this the driver runs an extra
        // "SELECT last_insert_rowid()" after every INSERT
        props.setProperty("jdbc.get_generated_keys", "false");
        if (encryption != null) {
            SqliteCipher.apply(encryption, props);
        }
        java.sql.Connection jdbc = null;
        try {
            jdbc = org.sqlite.JDBC.createConnection(url, props); // the cipher build checks the key here
            if (jdbc == null) {
                throw new SQLException("sqlite-jdbc does not accept the URL '" + io.kalchemy.dialect.Redaction.url(url) + "'");
            }
            if (!memory) {
                try (java.sql.Statement st = jdbc.createStatement()) {
                    st.executeQuery("SELECT count(*) FROM sqlite_master").close(); // a plain driver finds out here
                }
            }
            return jdbc;
        } catch (SQLException e) {
            if (jdbc != null) {
                jdbc.close();
            }
            io.kalchemy.errors.EncryptionError why = memory ? null : SqliteCipher.explain(filePath(url), url, encryption, urlKey, e);
            if (why != null) {
                throw why;
            }
            throw e;
        }
    }

    /** The file a file URL names ({@code jdbc:sqlite:path} or {@code jdbc:sqlite:file:path?...}), or null. */
    private static java.nio.file.Path filePath(String url) {
        String path = url.substring(PREFIX.length());
        if (path.startsWith("file:")) {
            path = path.substring("file:".length());
        }
        int query = path.indexOf('?');
        if (query >= 0) {
            path = path.substring(0, query);
        }
        try {
            return java.nio.file.Path.of(path);
        } catch (RuntimeException e) {
            return null;
        }
    }

    @Override
    public String settingSql(String name, String value, boolean memory) {
        SqliteCipher.refuseSetting(name);
        if (memory && (name.equals("journal_mode") || name.equals("synchronous"))) {
            return null; // an in-memory database has no journal file to configure
        }
        return "PRAGMA " + name + " = " + value;
    }

    /** WAL with NORMAL sync (FULL when durable), foreign keys enforced. */
    @Override
    public java.util.Map<String, String> defaultSettings(boolean memory, boolean durable) {
        java.util.Map<String, String> out = new java.util.LinkedHashMap<>();
        out.put("journal_mode", "WAL");
        out.put("synchronous", durable ? "FULL" : "NORMAL");
        out.put("foreign_keys", "ON");
        return out;
    }

    @Override
    public java.util.Map<String, String> readOnlySettings() {
        return java.util.Map.of("query_only", "ON");
    }

    /** {@code query_only} is a connection setting, so it is switched on for the transaction and off after it. */
    @Override
    public java.util.List<String> readOnlyTransactionSql() {
        return java.util.List.of("PRAGMA query_only = ON");
    }

    @Override
    public java.util.List<String> afterReadOnlyTransactionSql() {
        return java.util.List.of("PRAGMA query_only = OFF");
    }

    /**
     * None: SQLite runs one write transaction at a time and gives each read one snapshot, so every
     * transaction is serializable, which satisfies any level asked for.
     */
    @Override
    public java.util.List<String> isolationSql(io.kalchemy.dialect.IsolationLevel level) {
        return java.util.List.of();
    }

    @Override
    public String busyTimeoutSetting() {
        return "busy_timeout";
    }

    @Override
    public String beginSql(TransactionMode mode) {
        return "BEGIN " + mode.name();
    }

    @Override
    public String tableExistsSql() {
        return "SELECT 1 FROM sqlite_master WHERE type IN ('table', 'view') AND name = ? COLLATE NOCASE";
    }

    @Override
    public String snapshotSql() {
        return "SELECT count(*) FROM sqlite_master";
    }

    /** From the statement's {@code EXPLAIN} plan: views expanded, triggers and foreign-key actions included ({@link SqliteTableAccess}). */
    @Override
    public io.kalchemy.dialect.TableAccess tableAccess(java.sql.Connection jdbc, io.kalchemy.dialect.CompiledStatement statement)
            throws SQLException {
        return SqliteTableAccess.explain(jdbc, statement);
    }

    /** {@code PRAGMA data_version}: changes when another connection, in any process, committed. */
    @Override
    public String externalChangeSql() {
        return "PRAGMA data_version";
    }

    /** {@code sqlite3_interrupt}: the running statement fails with SQLITE_INTERRUPT (and a write rolls its transaction back). */
    @Override
    public void interrupt(java.sql.Connection jdbc) throws SQLException {
        jdbc.unwrap(SQLiteConnection.class).getDatabase().interrupt();
    }

    @Override
    public int maxBindParameters() {
        return MAX_VARIABLES;
    }

    @Override
    public boolean isNoActiveTransaction(DatabaseError error) {
        return String.valueOf(error.getMessage()).contains("no transaction is active");
    }

    @Override
    public CompiledStatement compile(Statement statement) {
        return compileCache.compile(this, statement, s -> newCompiler().compile(s));
    }

    /** How many statements this dialect has compiled (misses of the statement and shape caches), for monitoring and tests. */
    public long compilationCount() {
        return compileCache.compilationCount();
    }

    /** The compiler used for one statement; override to customize rendering. */
    protected SqlCompiler newCompiler() {
        return new SqliteCompiler(this);
    }

    @Override
    public String quote(String identifier) {
        if (PLAIN_IDENTIFIER.matcher(identifier).matches()
                && !SqliteKeywords.ALL.contains(identifier.toUpperCase(Locale.ROOT))) {
            return identifier;
        }
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    // ---- DDL ----------------------------------------------------------------------------------

    /** SQLite's DDL: an AUTOINCREMENT key is declared on its column (an INTEGER PRIMARY KEY is the rowid either way). */
    private final DdlCompiler ddl = new DdlCompiler(this, this::newCompiler) {
        @Override
        protected boolean inlinePrimaryKey(Column<?> key) {
            return Boolean.TRUE.equals(key.autoincrementSetting());
        }

        @Override
        protected String columnDefinition(Column<?> column, boolean inlineKey) {
            return super.columnDefinition(column, inlineKey) + (inlineKey ? " PRIMARY KEY AUTOINCREMENT" : "");
        }
    };

    @Override
    public DdlCompiler ddl() {
        return ddl;
    }

    // ---- errors -------------------------------------------------------------------------------

    /**
     * {@code PRAGMA defer_foreign_keys} is on, or a table's SQL declares {@code INITIALLY DEFERRED}.
     * The schema scan runs again only when {@code PRAGMA schema_version} changed; {@code cache}
     * holds [schema version seen, 1 when it had deferred keys].
     */
    @Override
    public boolean mayDeferForeignKeyChecks(java.sql.Connection jdbc, long[] cache) throws SQLException {
        try (java.sql.Statement st = jdbc.createStatement()) {
            try (java.sql.ResultSet rs = st.executeQuery("PRAGMA defer_foreign_keys")) {
                if (rs.next() && rs.getLong(1) == 1) {
                    return true;
                }
            }
            long version;
            try (java.sql.ResultSet rs = st.executeQuery("PRAGMA schema_version")) {
                version = rs.next() ? rs.getLong(1) : -1;
            }
            if (cache.length >= 2 && cache[0] == version && version != -1) {
                return cache[1] == 1;
            }
            boolean deferred;
            try (java.sql.ResultSet rs = st.executeQuery(
                    "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND upper(sql) LIKE '%INITIALLY DEFERRED%'")) {
                deferred = rs.next() && rs.getLong(1) > 0;
            }
            if (cache.length >= 2) {
                cache[0] = version;
                cache[1] = deferred ? 1 : 0;
            }
            return deferred;
        }
    }

    // ---- schema: reflection and migration ------------------------------------------------------

    @Override
    public SchemaReader schemaReader() {
        return SqliteSchemaReader.INSTANCE;
    }

    @Override
    public List<String> alterTable(Table now, Table target, SchemaReader.Queries database) {
        return SqliteTableRebuild.statements(this, now, target, SqliteSchemaReader.INSTANCE.triggers(database, now.name()));
    }

    @Override
    public boolean enforceForeignKeys(java.sql.Connection jdbc, boolean on) throws SQLException {
        try (java.sql.Statement s = jdbc.createStatement()) {
            boolean was;
            try (java.sql.ResultSet rs = s.executeQuery("PRAGMA foreign_keys")) {
                was = rs.next() && rs.getInt(1) == 1;
            }
            s.execute("PRAGMA foreign_keys = " + (on ? "ON" : "OFF"));
            return was;
        }
    }

    @Override
    public String foreignKeyViolations(SchemaReader.Queries database) {
        List<Object[]> violations = database.rows("PRAGMA foreign_key_check");
        if (violations.isEmpty()) {
            return null;
        }
        Object[] v = violations.get(0);
        return violations.size() + " rows violate foreign keys, e.g. rowid " + v[1] + " of table " + v[0]
                + " refers to a missing row of " + v[2];
    }

    @Override
    public DatabaseError translate(SQLException error, String sql) {
        int code = error instanceof SQLiteException se ? se.getResultCode().code : error.getErrorCode();
        int primary = code & 0xff;
        String message = sqliteMessage(error);
        switch (primary) {
            case 19: // SQLITE_CONSTRAINT
            case 20: // SQLITE_MISMATCH
                return integrity(error, sql, code, message);
            case 5:
                return new OperationalError("database is busy (another connection holds the lock and the busy timeout"
                        + " expired): " + message, sql, code, OperationalError.Kind.BUSY, error);
            case 6:
                return new OperationalError("database table is locked: " + message, sql, code, OperationalError.Kind.LOCKED, error);
            case 8:
                return new OperationalError("attempt to write a read-only database: " + message, sql, code,
                        OperationalError.Kind.READ_ONLY, error);
            case 13:
                return new OperationalError("database or disk is full: " + message, sql, code, OperationalError.Kind.DISK_FULL, error);
            case 10:
                return new OperationalError("disk I/O error: " + message, sql, code, OperationalError.Kind.IO, error);
            case 11:
                return new OperationalError("database disk image is malformed: " + message, sql, code,
                        OperationalError.Kind.CORRUPT, error);
            case 26:
                return new OperationalError("file is not a database: " + message, sql, code,
                        OperationalError.Kind.NOT_A_DATABASE, error);
            case 14:
                return new OperationalError("unable to open database file: " + message, sql, code,
                        OperationalError.Kind.CANNOT_OPEN, error);
            case 9:
                return new OperationalError("statement interrupted: " + message, sql, code, OperationalError.Kind.INTERRUPTED, error);
            case 18:
                return new OperationalError("string or blob too big: " + message, sql, code, OperationalError.Kind.TOO_BIG, error);
            case 1:
            case 21:
            case 25:
                return new ProgrammingError(message, sql, code, error);
            default:
                return new OperationalError(message, sql, code, OperationalError.Kind.OTHER, error);
        }
    }

    /** SQLite's own words without the driver's "[SQLITE_X] description (...)" wrapping. */
    private static String sqliteMessage(SQLException e) {
        String m = e.getMessage() == null ? "" : e.getMessage();
        int open = m.indexOf('(');
        if (m.startsWith("[") && open > 0 && m.endsWith(")")) {
            return m.substring(open + 1, m.length() - 1);
        }
        return m;
    }

    private static IntegrityError integrity(SQLException error, String sql, int code, String message) {
        IntegrityError.Constraint kind = switch (code) {
            case 2067 -> IntegrityError.Constraint.UNIQUE;
            case 1555, 2579 -> IntegrityError.Constraint.PRIMARY_KEY;
            case 787 -> IntegrityError.Constraint.FOREIGN_KEY;
            case 1299 -> IntegrityError.Constraint.NOT_NULL;
            case 275 -> IntegrityError.Constraint.CHECK;
            case 20 -> IntegrityError.Constraint.DATATYPE;
            default -> fromMessage(message);
        };
        String table = null;
        List<String> columns = new ArrayList<>();
        String constraintName = null;
        Matcher m = CONSTRAINT_DETAIL.matcher(message);
        if (m.find()) {
            String detail = m.group(1).trim();
            if (kind == IntegrityError.Constraint.CHECK) {
                constraintName = detail;
            } else {
                for (String part : Arrays.asList(detail.split(",\\s*"))) {
                    int dot = part.indexOf('.');
                    if (dot > 0) {
                        table = part.substring(0, dot);
                        columns.add(part.substring(dot + 1));
                    }
                }
            }
        }
        String what = switch (kind) {
            case UNIQUE -> "UNIQUE constraint failed";
            case PRIMARY_KEY -> "PRIMARY KEY constraint failed";
            case FOREIGN_KEY -> "FOREIGN KEY constraint failed";
            case NOT_NULL -> "NOT NULL constraint failed";
            case CHECK -> "CHECK constraint failed";
            case DATATYPE -> "datatype mismatch";
            default -> "constraint failed";
        };
        String target = table != null ? ": " + table + "." + String.join(", " + table + ".", columns)
                : constraintName != null ? ": " + constraintName : "";
        return new IntegrityError(what + target + " (" + message + ")", sql, code, kind, table, columns, constraintName, error);
    }

    private static IntegrityError.Constraint fromMessage(String message) {
        String m = message.toUpperCase(Locale.ROOT);
        if (m.contains("UNIQUE")) {
            return IntegrityError.Constraint.UNIQUE;
        }
        if (m.contains("FOREIGN KEY")) {
            return IntegrityError.Constraint.FOREIGN_KEY;
        }
        if (m.contains("NOT NULL")) {
            return IntegrityError.Constraint.NOT_NULL;
        }
        if (m.contains("CHECK")) {
            return IntegrityError.Constraint.CHECK;
        }
        if (m.contains("PRIMARY KEY")) {
            return IntegrityError.Constraint.PRIMARY_KEY;
        }
        return IntegrityError.Constraint.OTHER;
    }
}
