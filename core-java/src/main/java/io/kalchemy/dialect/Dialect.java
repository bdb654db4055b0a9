package io.kalchemy.dialect;

import io.kalchemy.errors.DatabaseError;
import io.kalchemy.schema.Index;
import io.kalchemy.schema.Table;
import io.kalchemy.sql.Statement;

import java.sql.SQLException;
import java.util.List;

/**
 * What differs between databases: which URLs it opens and how, what runs on connect, how a
 * transaction begins and a running statement is interrupted, how statements and DDL are rendered,
 * how identifiers are quoted, what the database can do, and how driver errors become Kalchemy
 * exceptions. Everything database-specific lives behind this interface, one package per database
 * ({@code io.kalchemy.dialect.sqlite}); nothing else imports a driver. Implementations are
 * immutable and thread-safe.
 */
public interface Dialect {
    /** A short name, e.g. {@code sqlite}. */
    String name();

    /** True when this dialect opens {@code url} (a JDBC URL). */
    boolean accepts(String url);

    /**
     * True when this dialect renders for a database whose JDBC driver names it {@code productName}
     * ({@code DatabaseMetaData.getDatabaseProductName()}), so an engine made from a
     * {@code DataSource} can pick it.
     */
    boolean acceptsProduct(String productName);

    /** The URL forms this dialect accepts, for error messages (e.g. {@code jdbc:sqlite:<path>}). */
    String urlForms();

    /** True when {@code url} names a database that lives inside one connection (an in-memory database). */
    boolean isMemory(String url);

    /**
     * Opens a driver connection to {@code url} (auto-commit on; Kalchemy begins transactions itself).
     *
     * @throws SQLException when the driver cannot open it
     */
    java.sql.Connection open(String url) throws SQLException;

    /**
     * Opens a driver connection to {@code url} encrypted with {@code encryption} (null: as
     * {@link #open(String)}). A dialect without encryption refuses one.
     *
     * @throws SQLException when the driver cannot open it
     * @throws io.kalchemy.errors.EncryptionError when the file cannot be opened with that encryption (wrong or missing key,
     *         or a driver that cannot encrypt)
     * @throws io.kalchemy.errors.ArgumentError when this database cannot be encrypted this way
     */
    default java.sql.Connection open(String url, Encryption encryption) throws SQLException {
        if (encryption != null) {
            throw new io.kalchemy.errors.ArgumentError(name() + " databases cannot be encrypted by Kalchemy: use the server's"
                    + " or the disk's encryption, and TLS for connections");
        }
        return open(url);
    }

    /**
     * The statement that sets a per-connection setting on connect (SQLite: {@code PRAGMA name = value});
     * null when the setting does not apply (e.g. journal settings on an in-memory database).
     */
    String settingSql(String name, String value, boolean memory);

    /**
     * The settings every new connection gets unless the caller overrides or removes them, in
     * order; {@code durable}: a COMMIT must survive a power loss, not only a process crash.
     */
    java.util.Map<String, String> defaultSettings(boolean memory, boolean durable);

    /**
     * Sets what the driver must do on every new connection, opened by this dialect or taken from a
     * {@code DataSource}, before its settings are applied. None by default.
     *
     * @throws SQLException when the driver refuses
     */
    default void prepare(java.sql.Connection jdbc) throws SQLException {
    }

    /** The settings that make a connection refuse writes, applied after the caller's (they cannot be overridden). */
    java.util.Map<String, String> readOnlySettings();

    /**
     * The statements that make a transaction just begun refuse writes, for a read on a connection
     * that also writes (an in-memory database's only one); the standard {@code SET TRANSACTION
     * READ ONLY} unless the dialect says otherwise.
     */
    default java.util.List<String> readOnlyTransactionSql() {
        return java.util.List.of("SET TRANSACTION READ ONLY");
    }

    /** The statements that undo {@link #readOnlyTransactionSql()} once that transaction ended (none when it was transaction-scoped). */
    default java.util.List<String> afterReadOnlyTransactionSql() {
        return java.util.List.of();
    }

    /** The name of the setting that bounds how long a statement waits for another connection's lock. */
    String busyTimeoutSetting();

    /** How this database stores each logical type (bind, read, declared type); see {@link TypeMap}. */
    TypeMap types();

    /** The statement that begins a transaction in {@code mode}. */
    String beginSql(TransactionMode mode);

    /**
     * The statements that give a transaction just begun the isolation {@code level}, run before
     * anything else in it: the standard {@code SET TRANSACTION ISOLATION LEVEL} unless the dialect
     * says otherwise (none where every transaction is serializable already).
     */
    default List<String> isolationSql(IsolationLevel level) {
        return List.of("SET TRANSACTION ISOLATION LEVEL " + level.sql());
    }

    /**
     * True when a transaction must begin and end through the driver ({@code setAutoCommit(false)},
     * {@code commit()}, {@code rollback()}) rather than by BEGIN/COMMIT statements: pgjdbc then sends
     * BEGIN with the transaction's first statement (a round trip fewer) and reads a result with a
     * fetch size through a cursor, a batch at a time, only outside auto-commit. False by default
     * (sqlite-jdbc's own transactions would hide the BEGIN mode).
     */
    default boolean driverTransactions() {
        return false;
    }

    /** A query with one bound parameter (a table or view name) that returns a row when it exists. */
    String tableExistsSql();

    /**
     * A cheap query that makes a deferred read transaction take its snapshot now (SQLite reads
     * its schema), so later statements of the transaction see one state of the database.
     */
    String snapshotSql();

    /**
     * Which tables {@code statement} reads and changes (see {@link TableAccess}), for live queries:
     * by default what the compiler recorded ({@link TableAccess#named}), which knows nothing of
     * literal SQL, views or triggers; a dialect that can ask the database does better. Runs on
     * {@code jdbc} inside the caller's transaction; the engine caches the answer per SQL text until
     * the schema changes.
     *
     * @throws SQLException when the database refuses the question (the caller then assumes every table)
     */
    default TableAccess tableAccess(java.sql.Connection jdbc, CompiledStatement statement) throws SQLException {
        return TableAccess.named(statement);
    }

    /**
     * A query whose single integer result changes when another connection, in this process or
     * another, committed a change to the database since this connection last ran it (SQLite's
     * {@code PRAGMA data_version}); null when the dialect has none, so changes made outside the
     * engine are not noticed.
     */
    default String externalChangeSql() {
        return null;
    }

    /**
     * Statements run first in a read transaction that must see one snapshot for all its queries,
     * before anything else in it: none where every transaction does (SQLite); PostgreSQL's
     * READ COMMITTED takes a new snapshot per statement, so it needs REPEATABLE READ.
     */
    default List<String> snapshotIsolationSql() {
        return List.of();
    }

    /**
     * Asks the database to stop the statement running on {@code jdbc}. Callable from any thread
     * while another thread runs the statement; a no-op when nothing runs.
     *
     * @throws SQLException when the driver refuses
     */
    void interrupt(java.sql.Connection jdbc) throws SQLException;

    /**
     * Statements to run after rows were inserted with values of their own for {@code key}, a
     * generated-key column, so that the database's generator does not hand those values out later
     * (a PostgreSQL identity sequence); none by default (SQLite's rowid follows the largest key).
     */
    default List<String> afterExplicitKeys(io.kalchemy.schema.Column<?> key) {
        return List.of();
    }

    /** What this database can do that the shared code relies on (see {@link Capability}). */
    java.util.Set<Capability> capabilities();

    /** True when this database has {@code capability}. */
    default boolean supports(Capability capability) {
        return capabilities().contains(capability);
    }

    /** The most bound parameters one statement may carry. */
    int maxBindParameters();

    /**
     * True when {@code error}, raised by a ROLLBACK, says there was no transaction to roll back:
     * the database ended it already (SQLite does after some I/O, disk-full and busy errors).
     */
    boolean isNoActiveTransaction(DatabaseError error);

    /**
     * Compiles {@code statement}, reusing the compiled form cached on the statement when there is one.
     *
     * @throws io.kalchemy.errors.ArgumentError when the statement cannot be rendered for this dialect
     */
    CompiledStatement compile(Statement statement);

    /** {@code identifier}, quoted only when it must be (reserved words, odd characters). */
    String quote(String identifier);

    /** How this database's DDL is rendered (see {@link DdlCompiler}). */
    DdlCompiler ddl();

    /** {@code CREATE TABLE IF NOT EXISTS ...} for {@code table}. */
    default String createTable(Table table) {
        return ddl().createTable(table);
    }

    /** {@code CREATE [UNIQUE] INDEX IF NOT EXISTS ...} statements for the table's indexes. */
    default List<String> createIndexes(Table table) {
        return ddl().createIndexes(table);
    }

    /** {@code CREATE [UNIQUE] INDEX IF NOT EXISTS ...} for one index. */
    default String createIndex(Index index) {
        return ddl().createIndex(index);
    }

    /** {@code DROP TABLE IF EXISTS ...}. */
    default String dropTable(Table table) {
        return ddl().dropTable(table);
    }

    /** The Kalchemy exception for a driver error raised while running {@code sql} (may be null). */
    DatabaseError translate(SQLException error, String sql);

    /**
     * True when foreign-key checks in the transaction open on {@code jdbc} may be deferred to its
     * COMMIT (deferrable constraints in the schema, or deferral switched on), so a violation would
     * show only there. Group commit does not share a COMMIT then: a violation must reach the
     * transaction that caused it. The default says "maybe".
     *
     * @param cache per-connection memo the dialect may use between calls (a one-element array)
     */
    default boolean mayDeferForeignKeyChecks(java.sql.Connection jdbc, long[] cache) throws SQLException {
        return true;
    }

    // ---- schema: reflection and migration ------------------------------------------------------

    /** How this database describes its schema, for reflection and autogenerated migrations. */
    SchemaReader schemaReader();

    /**
     * The statements that change table {@code now} (as reflected) into {@code target} (same name)
     * when more changed than columns added (types, nullability, constraints, dropped columns), run
     * in one transaction with foreign-key enforcement off.
     *
     * @param database the connection the migration runs on, for what the dialect must read first
     */
    List<String> alterTable(Table now, Table target, SchemaReader.Queries database);

    /**
     * Switches foreign-key enforcement on {@code jdbc} (outside a transaction) and returns the
     * previous setting; a migration turns it off while it runs and back on after.
     *
     * @throws SQLException when the driver refuses
     */
    boolean enforceForeignKeys(java.sql.Connection jdbc, boolean on) throws SQLException;

    /**
     * A description of the rows that violate a foreign key (how many, and one of them), or null when
     * there are none; checked before a migration commits.
     */
    String foreignKeyViolations(SchemaReader.Queries database);
}
