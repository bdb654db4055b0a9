package io.kalchemy.engine;

import io.kalchemy.dialect.CompiledStatement;
import io.kalchemy.dialect.Dialect;
import io.kalchemy.dialect.TransactionMode;
import io.kalchemy.errors.ArgumentError;
import io.kalchemy.errors.DatabaseError;
import io.kalchemy.errors.InvalidRequestError;
import io.kalchemy.errors.ResourceClosedError;
import io.kalchemy.schema.MetaData;
import io.kalchemy.schema.Table;
import io.kalchemy.sql.BindParameter;
import io.kalchemy.sql.Insert;
import io.kalchemy.sql.Statement;
import io.kalchemy.types.SqlTypes;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A session with the database over one SQLite connection: runs statements, owns the
 * transaction. As in SQLAlchemy 2.0 the first statement begins a transaction implicitly
 * ("autobegin"); end it with {@link #commit()} or {@link #rollback()}, or manage it explicitly
 * with {@link #begin()} and {@link #beginNested()} (savepoints). Closing the connection rolls
 * back whatever is uncommitted, closes open results and returns the connection to the engine.
 *
 * <p><b>Threading:</b> a connection is used by one thread at a time; hand it over only with
 * proper happens-before (a lock, a single-threaded dispatcher). It lives until {@link #close()}.
 */
public final class Connection implements AutoCloseable {

    private final Engine engine;
    private final Dialect dialect;
    private PhysicalConnection physical;
    private final TransactionStack transactions;
    private final Set<Result> openResults = Collections.newSetFromMap(new IdentityHashMap<>());
    private boolean closed;
    private volatile boolean invalidated;
    /** True while {@link #executeHousekeeping} runs its statement (logged at TRACE). */
    private boolean housekeeping;
    /** The statements run since {@link #startRecordingReads()}, by SQL text; null when not recording. */
    private Map<String, CompiledStatement> recordedReads;

    Connection(Engine engine, PhysicalConnection physical) {
        this.engine = engine;
        this.dialect = engine.dialect();
        this.physical = physical;
        this.transactions = new TransactionStack(this, dialect);
    }

    // ---- execution ----------------------------------------------------------------------------

    /**
     * Runs {@code statement}, beginning a transaction first if none is active.
     *
     * @return a cursor over the rows, or the count of changed rows
     * @throws DatabaseError (or a subclass) when SQLite refuses the statement
     * @throws ArgumentError when a named parameter has no value
     */
    public Result execute(Statement statement) {
        return execute(statement, null);
    }

    /**
     * Runs {@code statement} with values for its named parameters ({@code :name} in text(),
     * {@link io.kalchemy.sql.Sql#bindParam} elsewhere).
     */
    public Result execute(Statement statement, Map<String, ?> parameters) {
        requireOpen();
        return run(dialect.compile(statement), parameters, 0);
    }

    /**
     * Runs a query for reading row by row: the same cursor as {@link #execute}, with the
     * driver's fetch size set. The result must be closed (or read to the end).
     */
    public Result stream(Statement statement, Map<String, ?> parameters, int fetchSize) {
        requireOpen();
        if (fetchSize <= 0) {
            throw new ArgumentError("fetch size must be positive, got " + fetchSize);
        }
        return run(dialect.compile(statement), parameters, fetchSize);
    }

    /**
     * Runs {@code statement} once per parameter map in one JDBC batch (SQLAlchemy's
     * "executemany"). An {@code insert(table)} without values takes its columns from the first
     * map's keys (column names).
     *
     * @return the total number of rows changed
     * @throws ArgumentError when the list is empty, a map lacks a parameter, or the statement returns rows
     */
    public long executeMany(Statement statement, List<? extends Map<String, ?>> parameterSets) {
        requireOpen();
        if (parameterSets == null || parameterSets.isEmpty()) {
            throw new ArgumentError("executeMany needs at least one parameter set");
        }
        Statement target = statement;
        if (statement instanceof Insert insert && insert.rows().isEmpty() && insert.fromSelect() == null) {
            target = insert.withParameters(new ArrayList<>(parameterSets.get(0).keySet()));
        }
        CompiledStatement compiled = dialect.compile(target);
        int[] counts = runBatch(compiled, parameterSets, (ps, params) -> ParameterBinding.named(ps, compiled, params, listening()));
        long total = 0;
        for (int c : counts) {
            total += Math.max(c, 0);
        }
        return total;
    }

    /**
     * Runs {@code statement} binding {@code values[i]} to its i-th placeholder, ignoring values
     * carried by the statement's parameters: the fast path for statements built once with
     * placeholders and run many times (the ORM's flush and loads).
     *
     * @throws ArgumentError when the number of values differs from the number of placeholders
     */
    public Result executeWithValues(Statement statement, Object[] values) {
        requireOpen();
        CompiledStatement compiled = dialect.compile(statement);
        ParameterBinding.checkArity(compiled, values);
        return run(compiled, ps -> ParameterBinding.positional(ps, compiled, values, listening()), 0);
    }

    /**
     * Runs {@code statement} once per value array in one JDBC batch, binding positionally as
     * {@link #executeWithValues} does.
     *
     * @return the number of rows each execution changed
     */
    public int[] executeBatchWithValues(Statement statement, List<Object[]> rows) {
        requireOpen();
        CompiledStatement compiled = dialect.compile(statement);
        return runBatch(compiled, rows, (ps, values) -> {
            ParameterBinding.checkArity(compiled, values);
            return ParameterBinding.positional(ps, compiled, values, listening());
        });
    }

    private <P> int[] runBatch(CompiledStatement compiled, List<? extends P> sets, StatementBatch.Binder<P> binder) {
        StatementBatch.check(compiled);
        autobegin();
        noteTables(compiled);
        return StatementBatch.run(this, physical, compiled, sets, binder);
    }

    /** Runs a query and returns the first column of its first row (null when none). */
    public <T> T scalar(Statement statement) {
        return execute(statement).scalar();
    }

    /** Runs a query with parameters and returns the first column of its first row. */
    public <T> T scalar(Statement statement, Map<String, ?> parameters) {
        return execute(statement, parameters).scalar();
    }

    /**
     * Runs SQL text as given, with positional {@code ?} parameters bound by their classes
     * (SQLAlchemy's {@code exec_driver_sql}). Prefer statements or {@code text()}.
     */
    public Result executeDriverSql(String sql, Object... parameters) {
        requireOpen();
        List<BindParameter<?>> binds = new ArrayList<>(parameters.length);
        for (Object p : parameters) {
            binds.add(BindParameter.value(p, SqlTypes.ANY));
        }
        return run(new CompiledStatement(sql, binds, null, true, null), (Map<String, ?>) null, 0);
    }

    /**
     * Runs SQL text holding any number of statements separated by semicolons (a schema file, a
     * seed script), one after another in the current transaction (beginning one if needed), without
     * parameters. A failing statement stops the script; what ran before it stays in the
     * transaction, for the caller to roll back. Semicolons inside quotes, comments and trigger
     * bodies do not split.
     *
     * @return how many statements ran
     * @throws DatabaseError (or a subclass) naming the statement that failed
     */
    public int executeScript(String sql) {
        requireOpen();
        List<String> statements = io.kalchemy.dialect.SqlScript.statements(sql);
        for (String statement : statements) {
            run(new CompiledStatement(statement, List.of(), null, true, null), (Map<String, ?>) null, 0).close();
        }
        return statements.size();
    }

    /** Binds a statement's placeholders; returns the bound values when someone listens, else null. */
    @FunctionalInterface
    private interface Binder {
        List<Object> bind(PreparedStatement ps) throws SQLException;
    }

    private Result run(CompiledStatement compiled, Map<String, ?> parameters, int fetchSize) {
        return run(compiled, ps -> ParameterBinding.named(ps, compiled, parameters, listening()), fetchSize);
    }

    private Result run(CompiledStatement compiled, Binder binder, int fetchSize) {
        if (compiled.columns() == null) {
            io.kalchemy.dialect.SqlScript.requireSingleStatement(compiled.sql()); // only text() and driver SQL can hold several
        }
        autobegin();
        noteTables(compiled);
        String sql = compiled.sql();
        PreparedStatement ps = null;
        boolean handedOver = false;
        try {
            ps = physical.acquire(sql);
            List<Object> echoed = binder.bind(ps);
            long start = System.nanoTime();
            if (echoed != null) {
                notifyBefore(sql, echoed);
            }
            Result result;
            if (compiled.returnsRows()) {
                if (fetchSize > 0) {
                    ps.setFetchSize(fetchSize);
                }
                boolean hasRows = ps.execute();
                if (hasRows) {
                    ResultSet rs = ps.getResultSet();
                    ResultMetadata metadata = ParameterBinding.metadataOf(compiled, rs);
                    result = new Result(this, sql, ps, rs, metadata);
                    openResults.add(result);
                    handedOver = true;
                } else {
                    result = new Result(ps.getUpdateCount());
                }
            } else {
                result = new Result(ps.executeUpdate());
            }
            long elapsed = System.nanoTime() - start;
            if (echoed != null) {
                engine.afterExecute(sql, echoed, elapsed);
            }
            StatementLog.after(engine, sql, echoed, elapsed, housekeeping);
            return result;
        } catch (SQLException e) {
            if (ps != null) {
                physical.discard(sql, ps);
                ps = null;
            }
            throw translate(e, sql);
        } finally {
            if (ps != null && !handedOver) {
                physical.release(ps);
            }
        }
    }

    /** True when someone sees executed statements (the SQL log, listeners, the slow log): binding then keeps the values for them. */
    boolean listening() {
        return engine.hasListeners() || StatementLog.wanted(engine);
    }

    /** Notes a statement about to run: for the COMMIT's listeners, and for a recording of reads. */
    private void noteTables(CompiledStatement compiled) {
        transactions.record(compiled);
        if (recordedReads != null) {
            recordedReads.putIfAbsent(compiled.sql(), compiled);
        }
    }

    /**
     * Starts noting every statement this connection runs (a live query's block), until
     * {@link #stopRecordingReads()}.
     */
    public void startRecordingReads() {
        recordedReads = new java.util.LinkedHashMap<>();
    }

    /**
     * Stops noting statements and returns the tables those statements read, lower-case, views
     * expanded where the dialect can (see {@link io.kalchemy.dialect.TableAccess}); null when
     * that is not known for some statement (every table). Call it before the transaction ends.
     *
     * @throws InvalidRequestError when no recording was started
     */
    public Set<String> stopRecordingReads() {
        requireOpen();
        if (recordedReads == null) {
            throw new InvalidRequestError("stopRecordingReads() without startRecordingReads()");
        }
        Map<String, CompiledStatement> recorded = recordedReads;
        recordedReads = null;
        return engine.tableChanges().reads(this, recorded.values());
    }

    /** Tells the SQL log and the listeners that {@code sql} is about to run. */
    void notifyBefore(String sql, List<Object> values) {
        StatementLog.before(engine, sql, values, housekeeping);
        engine.beforeExecute(sql, values);
    }

    /**
     * Runs Kalchemy's own bookkeeping SQL (a read transaction's snapshot pin, read-only switches)
     * as {@link #executeDriverSql} does, logged at TRACE rather than with the user's statements.
     */
    @io.kalchemy.InternalApi
    public Result executeHousekeeping(String sql) {
        housekeeping = true;
        try {
            return executeDriverSql(sql);
        } finally {
            housekeeping = false;
        }
    }

    void resultClosed(Result result, PreparedStatement ps, boolean failed) {
        openResults.remove(result);
        if (physical != null) {
            if (failed) {
                physical.discard(result.sql(), ps);
            } else {
                physical.release(ps);
            }
        }
    }

    DatabaseError translate(SQLException e, String sql) {
        return dialect.translate(e, sql);
    }

    /** Tells the listeners that {@code sql} ran in {@code nanos}. */
    void notifyAfter(String sql, List<Object> values, long nanos) {
        engine.afterExecute(sql, values, nanos);
    }

    /** The driver connection and its statement cache (null once closed). */
    PhysicalConnection physical() {
        return physical;
    }

    // ---- transactions -------------------------------------------------------------------------

    private void autobegin() {
        transactions.autobegin();
    }

    /**
     * Begins a DEFERRED transaction.
     *
     * @throws InvalidRequestError when a transaction is already active (use {@link #beginNested()})
     */
    public Transaction begin() {
        return begin(TransactionMode.DEFERRED);
    }

    /**
     * Begins a transaction in {@code mode}.
     *
     * @throws InvalidRequestError when a transaction is already active
     * @throws DatabaseError when the database refuses (e.g. SQLite's BUSY for IMMEDIATE after the busy timeout)
     */
    public Transaction begin(TransactionMode mode) {
        return begin(mode, null);
    }

    /**
     * Begins a transaction in {@code mode} with the isolation {@code level} (null: the database's
     * default; see {@link io.kalchemy.dialect.Dialect#isolationSql}).
     *
     * @throws InvalidRequestError when a transaction is already active
     */
    public Transaction begin(TransactionMode mode, io.kalchemy.dialect.IsolationLevel level) {
        requireOpen();
        return transactions.begin(mode, level);
    }

    /**
     * Begins a savepoint (beginning the outer transaction first if needed); rolling it back
     * undoes only the work done since.
     */
    public Transaction beginNested() {
        requireOpen();
        return transactions.beginNested();
    }

    /** Commits the active transaction, if any (savepoints included). */
    public void commit() {
        requireOpen();
        if (transactions.root() != null) {
            commitTransaction(transactions.root());
        }
    }

    /** Rolls back the active transaction, if any. */
    public void rollback() {
        requireOpen();
        if (transactions.root() != null) {
            rollbackTransaction(transactions.root());
        }
    }

    /** True while a transaction is active. */
    public boolean inTransaction() {
        return transactions.root() != null;
    }

    /** True while a savepoint is active. */
    public boolean inNestedTransaction() {
        return transactions.hasSavepoints();
    }

    void commitTransaction(Transaction tx) {
        requireOpen();
        transactions.commit(tx);
    }

    void rollbackTransaction(Transaction tx) {
        if (closed) {
            return;
        }
        transactions.rollback(tx);
    }

    // ---- DDL ----------------------------------------------------------------------------------

    /**
     * Creates every table of {@code metadata} that does not exist yet, in foreign-key order, with
     * their indexes, inside the current transaction (a rollback undoes it).
     */
    public void createAll(MetaData metadata) {
        create(metadata.sortedTables());
    }

    /** Creates the given tables (skipping existing ones) in foreign-key order, with their indexes. */
    public void create(List<Table> tables) {
        requireOpen();
        List<Table> missing = new ArrayList<>();
        for (Table t : MetaData.sort(tables)) {
            if (!hasTable(t.name())) {
                missing.add(t);
            }
        }
        for (String ddl : dialect.ddl().createTables(missing)) {
            runDdl(ddl);
        }
    }

    /** Drops every table of {@code metadata} that exists, dependents first. */
    public void dropAll(MetaData metadata) {
        drop(metadata.sortedTables());
    }

    /** Drops the given tables (skipping missing ones), dependents first. */
    public void drop(List<Table> tables) {
        requireOpen();
        List<Table> order = new ArrayList<>(MetaData.sort(tables));
        Collections.reverse(order);
        for (Table t : order) {
            runDdl(dialect.dropTable(t));
        }
    }

    private void runDdl(String ddl) {
        run(new CompiledStatement(ddl, List.of(), List.of(), false, null), (Map<String, ?>) null, 0);
    }

    /** True when a table (or view) of that name exists in the database (the connection's default schema). */
    public boolean hasTable(String name) {
        return executeDriverSql(dialect.tableExistsSql(), name).first() != null;
    }

    // ---- lifecycle ----------------------------------------------------------------------------

    /** The engine this connection came from. */
    public Engine engine() {
        return engine;
    }

    /** The dialect statements are compiled with. */
    public Dialect dialect() {
        return dialect;
    }

    /**
     * True when this connection's transaction may defer foreign-key checks to its COMMIT (see
     * {@link io.kalchemy.dialect.Dialect#mayDeferForeignKeyChecks}); remembered per physical
     * connection until the schema changes.
     *
     * @throws DatabaseError when the database refuses the check
     */
    public boolean mayDeferForeignKeyChecks() {
        requireOpen();
        try {
            return dialect.mayDeferForeignKeyChecks(physical.jdbc, physical.deferredKeysMemo);
        } catch (SQLException e) {
            throw translate(e, "foreign-key deferral check");
        }
    }

    /**
     * Sets how long this connection's statements wait for another connection's lock (SQLite's
     * busy timeout) from now on; negative counts as zero.
     *
     * @throws DatabaseError when the database refuses
     */
    public void setBusyTimeout(int millis) {
        requireOpen();
        String sql = dialect.settingSql(dialect.busyTimeoutSetting(), Integer.toString(Math.max(0, millis)), false);
        try (java.sql.Statement st = physical.jdbc.createStatement()) {
            st.execute(sql);
        } catch (SQLException e) {
            throw translate(e, sql);
        }
    }

    /**
     * Asks the database to stop the statement running on this connection now (SQLite:
     * {@code sqlite3_interrupt}); it fails with an {@code OperationalError} of kind INTERRUPTED.
     * A no-op when nothing runs; the caller must make sure no later statement is running yet.
     *
     * <p>Thread-safety: unlike every other method, callable from any thread while another runs a statement.
     *
     * @throws DatabaseError when the driver refuses
     */
    public void interrupt() {
        try {
            dialect.interrupt(physical.jdbc);
        } catch (SQLException e) {
            throw translate(e, "interrupt");
        }
    }

    /**
     * The underlying JDBC connection, for what Kalchemy does not wrap (registering functions,
     * driver-specific calls). Do not close it or change its auto-commit mode.
     */
    public java.sql.Connection jdbc() {
        requireOpen();
        return physical.jdbc;
    }

    /** How many prepared statements this connection's cache holds (for diagnostics). */
    public int cachedStatements() {
        requireOpen();
        return physical.cachedStatements();
    }

    /** How many results are open on this connection. */
    public int openResults() {
        return openResults.size();
    }

    /** True once closed. */
    public boolean isClosed() {
        return closed;
    }

    /**
     * Marks the connection unfit for reuse (for example after its statement was interrupted):
     * {@link #close()} then closes the JDBC connection instead of returning it to the engine.
     * Safe to call from any thread.
     */
    public void invalidate() {
        invalidated = true;
    }

    /** Closes open results, rolls back what is uncommitted and returns the connection to the engine. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        PhysicalConnection p = physical;
        boolean reusable = !invalidated;
        try {
            for (Result r : new ArrayList<>(openResults)) {
                r.close();
            }
            if (transactions.root() != null) {
                try {
                    rollbackTransaction(transactions.root());
                } catch (RuntimeException e) {
                    reusable = false;
                }
            }
        } finally {
            closed = true;
            physical = null;
            engine.release(p, reusable);
        }
    }

    private void requireOpen() {
        if (closed) {
            throw new ResourceClosedError("this connection is closed");
        }
    }
}
