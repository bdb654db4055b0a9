package io.kalchemy.engine;

import io.kalchemy.dialect.Dialect;
import io.kalchemy.dialect.TransactionMode;
import io.kalchemy.dialect.postgresql.PostgresDialect;
import io.kalchemy.dialect.sqlite.SqliteDialect;
import io.kalchemy.errors.ArgumentError;
import io.kalchemy.errors.DatabaseError;
import io.kalchemy.errors.InvalidRequestError;
import io.kalchemy.errors.OperationalError;
import io.kalchemy.errors.ResourceClosedError;
import io.kalchemy.schema.MetaData;

import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.Semaphore;
import java.util.function.Function;

/**
 * The source of {@link Connection}s to one SQLite database, SQLAlchemy's {@code Engine}.
 * Opens connections with the configured pragmas and hooks, keeps idle ones for reuse (each with
 * its prepared-statement cache), and compiles statements with its dialect.
 *
 * <pre>{@code
 * try (Engine engine = Engine.create("jdbc:sqlite:app.db")) {
 *     engine.createAll(metadata);
 *     engine.inTransaction(conn -> conn.execute(insert(users).value(name, "Ann")));
 * }
 * }</pre>
 *
 * <p>An in-memory database ({@code jdbc:sqlite::memory:}) exists only inside one connection, so
 * the engine shares that one connection: {@link #connect()} hands it to one caller at a time and
 * waits (up to the busy timeout) while another holds it.
 *
 * <p><b>Threading:</b> thread-safe; create one per database and share it for the application's
 * lifetime, then {@link #close()} it.
 */
public final class Engine implements AutoCloseable {
    /** The dialects Kalchemy ships, offered a URL in this order. */
    private static final List<Dialect> SHIPPED = List.of(SqliteDialect.INSTANCE, PostgresDialect.INSTANCE);

    private final String url;
    /** Where connections come from when the engine was made from one (else the dialect opens the URL). */
    private final javax.sql.DataSource dataSource;
    private final EngineOptions options;
    private final Dialect dialect;
    private final boolean memory;
    private final Deque<PhysicalConnection> idle = new ArrayDeque<>();
    private final AtomicInteger checkedOut = new AtomicInteger();
    /** The in-memory database's one connection, handed out in turn; a permit may be released by another thread. */
    private final Semaphore memoryPermit = new Semaphore(1, true);
    private volatile Thread memoryHolder;
    private PhysicalConnection shared;
    private volatile boolean closed;
    private final Map<String, String> urlParameters;
    /**
     * The driver connections behind a pooling data source that already have this engine's
     * settings (they persist while the pool keeps the connection open), so a connection taken from
     * the pool again costs no settings round trip. Weak: the pool decides when they die.
     */
    private final Map<Object, Boolean> prepared = java.util.Collections.synchronizedMap(new java.util.WeakHashMap<>());
    private final TableChanges tableChanges = new TableChanges();

    private Engine(String url, EngineOptions options, Dialect dialect, javax.sql.DataSource dataSource) {
        this.url = url;
        this.dataSource = dataSource;
        this.options = options;
        this.urlParameters = urlParameters(url);
        this.dialect = dialect;
        this.memory = dataSource == null && dialect.isMemory(url);
        if (dataSource != null && options.encryption != null) {
            throw new ArgumentError("an engine over a DataSource cannot apply encryption: the DataSource opens the connections; "
                    + "configure the key there, or give Kalchemy the URL");
        }
        for (Map.Entry<String, String> p : options.pragmas.entrySet()) {
            dialect.settingSql(p.getKey(), p.getValue(), memory); // refuses what the dialect will not set, before anything is opened
        }
    }

    /** An engine for {@code url} with default options. */
    public static Engine create(String url) {
        return create(url, new EngineOptions());
    }

    /**
     * An engine for {@code url} ({@code jdbc:sqlite:path}, {@code jdbc:sqlite::memory:}) with
     * {@code options} (copied). Nothing is opened until the first {@link #connect()}.
     *
     * @throws ArgumentError when no dialect Kalchemy ships opens the URL
     */
    public static Engine create(String url, EngineOptions options) {
        return new Engine(url, options.copy(), dialectFor(url), null);
    }

    /**
     * The dialect Kalchemy ships that opens {@code url}.
     *
     * @throws ArgumentError when none does
     */
    public static Dialect dialectFor(String url) {
        for (Dialect d : SHIPPED) {
            if (d.accepts(url)) {
                return d;
            }
        }
        StringBuilder forms = new StringBuilder();
        for (Dialect d : SHIPPED) {
            forms.append(forms.length() == 0 ? "" : "; ").append(d.urlForms());
        }
        throw new ArgumentError("no dialect opens the URL '" + redact(url) + "' (expected " + forms + ")");
    }

    /**
     * An engine taking its connections from {@code dataSource}, rendering for the dialect Kalchemy
     * ships for the database it connects to (asked once, from one connection's
     * {@code DatabaseMetaData.getDatabaseProductName()}, which is then closed); otherwise as
     * {@link #create(javax.sql.DataSource, Dialect, String, EngineOptions)}.
     *
     * @throws ArgumentError when an argument is null, or no shipped dialect renders for that database
     * @throws OperationalError when no connection could be had from the data source
     */
    public static Engine create(javax.sql.DataSource dataSource, String name, EngineOptions options) {
        if (dataSource == null || name == null || options == null) {
            throw new ArgumentError("Engine.create(dataSource, name, options) needs all three, got "
                    + java.util.Arrays.asList(dataSource, name, options));
        }
        String product;
        try (java.sql.Connection c = dataSource.getConnection()) {
            product = c.getMetaData().getDatabaseProductName();
        } catch (java.sql.SQLException e) {
            throw new OperationalError("cannot connect to " + name + " through its data source to learn which database it is: "
                    + e.getMessage(), null, e.getErrorCode(), OperationalError.Kind.CANNOT_OPEN, e);
        }
        StringBuilder known = new StringBuilder();
        for (Dialect d : SHIPPED) {
            if (d.acceptsProduct(product)) {
                return create(dataSource, d, name, options);
            }
            known.append(known.length() == 0 ? "" : ", ").append(d.name());
        }
        throw new ArgumentError("no dialect Kalchemy ships renders for " + name + ", a '" + product + "' database (dialects: "
                + known + "); pass one to Engine.create(dataSource, dialect, name, options)");
    }

    /**
     * An engine taking its connections from {@code dataSource} (a driver's or a pool's), rendering
     * for {@code dialect}. The settings and hooks of {@code options} are applied to each new
     * connection as with a URL; {@code name} stands for the database in messages. The data source
     * must hand out connections to a database that outlives them: an in-memory SQLite database
     * needs the URL form ({@code jdbc:sqlite::memory:}), which shares its one connection.
     *
     * @throws ArgumentError when an argument is null
     */
    public static Engine create(javax.sql.DataSource dataSource, Dialect dialect, String name, EngineOptions options) {
        if (dataSource == null || dialect == null || name == null || options == null) {
            throw new ArgumentError("Engine.create(dataSource, dialect, name, options) needs all four, got "
                    + java.util.Arrays.asList(dataSource, dialect, name, options));
        }
        return new Engine(name, options.copy(), dialect, dataSource);
    }

    /**
     * A connection (opened or reused); close it to give it back.
     *
     * @throws OperationalError when the database cannot be opened, or, for an in-memory
     *                          database, when its connection stays busy past the busy timeout
     * @throws InvalidRequestError when this thread already holds the in-memory connection
     */
    public Connection connect() {
        requireOpen();
        if (memory) {
            if (memoryHolder == Thread.currentThread()) {
                throw new InvalidRequestError("this thread already holds the in-memory database's only connection;"
                        + " close it before connecting again");
            }
            try {
                if (!memoryPermit.tryAcquire(busyTimeoutMillis(), TimeUnit.MILLISECONDS)) {
                    throw new OperationalError("the in-memory database's connection stayed in use for "
                            + busyTimeoutMillis() + " ms", null, -1, OperationalError.Kind.BUSY, null);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new OperationalError("interrupted while waiting for the in-memory database's connection",
                        null, -1, OperationalError.Kind.INTERRUPTED, e);
            }
            try {
                synchronized (this) {
                    if (shared == null || shared.isClosed()) {
                        shared = open();
                    }
                }
                checkedOut.incrementAndGet();
                memoryHolder = Thread.currentThread();
                return new Connection(this, shared);
            } catch (RuntimeException e) {
                memoryPermit.release();
                throw e;
            }
        }
        PhysicalConnection p;
        synchronized (idle) {
            p = idle.pollFirst();
        }
        if (p == null) {
            p = open();
        }
        checkedOut.incrementAndGet();
        return new Connection(this, p);
    }

    /** A connection with a DEFERRED transaction already begun. */
    public Connection begin() {
        return begin(TransactionMode.DEFERRED);
    }

    /** A connection with a transaction in {@code mode} already begun; commit it before closing. */
    public Connection begin(TransactionMode mode) {
        Connection c = connect();
        try {
            c.begin(mode);
            return c;
        } catch (RuntimeException e) {
            c.close();
            throw e;
        }
    }

    /**
     * Runs {@code work} in a DEFERRED transaction on a connection of its own: commits when it
     * returns, rolls back when it throws, closes the connection either way.
     */
    public <R> R inTransaction(Function<Connection, R> work) {
        return inTransaction(TransactionMode.DEFERRED, work);
    }

    /** As {@link #inTransaction(Function)}, in {@code mode}. */
    public <R> R inTransaction(TransactionMode mode, Function<Connection, R> work) {
        try (Connection c = begin(mode)) {
            R r = work.apply(c);
            c.commit();
            return r;
        }
    }

    /** Creates the tables of {@code metadata} that do not exist yet, in one committed transaction. */
    public void createAll(MetaData metadata) {
        inTransaction(c -> {
            c.createAll(metadata);
            return null;
        });
    }

    /** Drops the tables of {@code metadata} that exist, in one committed transaction. */
    public void dropAll(MetaData metadata) {
        inTransaction(c -> {
            c.dropAll(metadata);
            return null;
        });
    }

    private PhysicalConnection open() {
        java.sql.Connection jdbc;
        try {
            jdbc = dataSource != null ? dataSource.getConnection() : dialect.open(url, options.encryption);
        } catch (SQLException e) {
            throw cannotOpen(e, null);
        }
        String current = null;
        try (java.sql.Statement st = jdbc.createStatement()) {
            if (!jdbc.getAutoCommit()) {
                jdbc.setAutoCommit(true); // Kalchemy issues BEGIN/COMMIT itself (a pool may hand out auto-commit off)
            }
            Object driverConnection = dataSource == null ? null : driverConnection(jdbc);
            if (driverConnection != null && prepared.containsKey(driverConnection)) {
                return new PhysicalConnection(jdbc, options.statementCacheSize);
            }
            dialect.prepare(jdbc);
            String busy = dialect.busyTimeoutSetting();
            if (!urlWins(busy)) {
                current = dialect.settingSql(busy, Integer.toString(options.busyTimeoutMillis), memory);
                st.execute(current);
            }
            for (Map.Entry<String, String> p : settings().entrySet()) {
                if (urlWins(p.getKey())) {
                    continue; // the URL's own parameter, applied by the driver, beats a default
                }
                current = dialect.settingSql(p.getKey(), p.getValue(), memory);
                if (current != null) {
                    st.execute(current);
                }
            }
            current = null;
            for (ConnectHook hook : options.connectHooks) {
                hook.onConnect(jdbc);
            }
            if (driverConnection != null) {
                prepared.put(driverConnection, Boolean.TRUE);
            }
        } catch (SQLException e) {
            closeQuietly(jdbc);
            throw cannotOpen(e, current);
        } catch (RuntimeException e) {
            closeQuietly(jdbc);
            throw e;
        }
        return new PhysicalConnection(jdbc, options.statementCacheSize);
    }

    /** The dialect's defaults for these options, overridden (or removed) by the caller's settings; read-only last. */
    private Map<String, String> settings() {
        Map<String, String> out = new java.util.LinkedHashMap<>(dialect.defaultSettings(memory, options.durableCommits));
        for (String name : options.explicit) {
            if (!options.pragmas.containsKey(name)) {
                out.remove(name); // removed with pragma(name, null)
            }
        }
        out.putAll(options.pragmas);
        if (options.readOnly) {
            out.putAll(dialect.readOnlySettings());
        }
        return out;
    }

    /** True when the URL sets {@code pragma} and the options only hold its default. */
    private boolean urlWins(String pragma) {
        return urlParameters.containsKey(pragma) && !options.explicit.contains(pragma) && !setByOption(pragma);
    }

    /** True when read-only or durable commits (asked for in the options) set {@code name}: that is explicit too. */
    private boolean setByOption(String name) {
        if (options.readOnly && dialect.readOnlySettings().containsKey(name)) {
            return true;
        }
        return options.durableCommits && !java.util.Objects.equals(
                dialect.defaultSettings(memory, true).get(name), dialect.defaultSettings(memory, false).get(name));
    }

    /** The URL's query parameters ({@code ?name=value&...}), names lower-cased. */
    private static Map<String, String> urlParameters(String url) {
        int q = url.indexOf('?');
        if (q < 0) {
            return Map.of();
        }
        Map<String, String> out = new java.util.HashMap<>();
        for (String part : url.substring(q + 1).split("&")) {
            int eq = part.indexOf('=');
            if (eq > 0) {
                out.put(part.substring(0, eq).toLowerCase(java.util.Locale.ROOT), part.substring(eq + 1));
            }
        }
        return out;
    }

    /**
     * The busy timeout connections get: the one set in the options, else the URL's
     * {@code busy_timeout}, else the default.
     */
    public int busyTimeoutMillis() {
        String busy = dialect.busyTimeoutSetting();
        if (urlWins(busy)) {
            try {
                return Integer.parseInt(urlParameters.get(busy));
            } catch (NumberFormatException e) {
                return options.busyTimeoutMillis;
            }
        }
        return options.busyTimeoutMillis;
    }

    private OperationalError cannotOpen(SQLException e, String sql) {
        DatabaseError translated = dialect.translate(e, sql);
        OperationalError.Kind kind = translated instanceof OperationalError oe && oe.kind() != OperationalError.Kind.OTHER
                ? oe.kind() : OperationalError.Kind.CANNOT_OPEN;
        return new OperationalError("cannot open database " + redact(url) + ": " + e.getMessage(), sql, translated.vendorCode(), kind, e);
    }

    /** The driver's own connection behind a pool's proxy (the proxy itself when it does not say). */
    private static Object driverConnection(java.sql.Connection jdbc) throws SQLException {
        return jdbc.isWrapperFor(java.sql.Connection.class) ? jdbc.unwrap(java.sql.Connection.class) : jdbc;
    }

    private static void closeQuietly(java.sql.Connection jdbc) {
        try {
            jdbc.close();
        } catch (SQLException ignored) {
            // nothing more can be done with a connection that fails to close
        }
    }

    void release(PhysicalConnection p, boolean reusable) {
        checkedOut.decrementAndGet();
        if (memory) {
            if (!reusable || closed) {
                synchronized (this) {
                    p.close();
                    shared = null;
                }
            }
            memoryHolder = null;
            memoryPermit.release();
            return;
        }
        if (!reusable || closed) {
            p.close();
            return;
        }
        synchronized (idle) {
            if (idle.size() < options.maxIdleConnections) {
                idle.push(p);
                return;
            }
        }
        p.close();
    }

    // ---- events -------------------------------------------------------------------------------

    boolean echoes() {
        return options.echo;
    }

    /** The slow-statement threshold in nanoseconds, negative when off. */
    long slowStatementNanos() {
        return options.slowStatementMillis < 0 ? -1 : options.slowStatementMillis * 1_000_000;
    }

    boolean hasListeners() {
        return !options.listeners.isEmpty();
    }

    void beforeExecute(String sql, List<Object> parameters) {
        for (ExecutionListener l : options.listeners) {
            l.beforeExecute(sql, parameters);
        }
    }

    void afterExecute(String sql, List<Object> parameters, long nanos) {
        for (ExecutionListener l : options.listeners) {
            l.afterExecute(sql, parameters, nanos);
        }
    }

    TableChanges tableChanges() {
        return tableChanges;
    }

    /**
     * Tells {@code listener} about every COMMIT of this engine's connections that changed something,
     * with the tables it changed (see {@link CommitListener}). While at least one listens, each
     * COMMIT first works out those tables (once per SQL text; on SQLite from the statement's plan).
     * Thread-safe.
     */
    public void addCommitListener(CommitListener listener) {
        tableChanges.add(listener);
    }

    /** Stops telling {@code listener}; thread-safe. */
    public void removeCommitListener(CommitListener listener) {
        tableChanges.remove(listener);
    }

    /**
     * Forgets which tables each SQL text touches, for when the schema may have changed without this
     * engine seeing it (another process migrated the database). A schema change made through the
     * engine does this by itself. Thread-safe.
     */
    public void forgetTableAccess() {
        tableChanges.forget();
    }

    // ---- state --------------------------------------------------------------------------------

    /**
     * {@code url} with its secrets masked ({@code password=***}, {@code //user:***@host}), for
     * messages and logs: Kalchemy never puts a URL's password into an exception or a log line.
     */
    public static String redact(String url) {
        return io.kalchemy.dialect.Redaction.url(url);
    }

    /** The JDBC URL (as given, secrets included: use {@link #redact} to show it). */
    public String url() {
        return url;
    }

    /** True for an in-memory database (one shared connection). */
    public boolean isMemory() {
        return memory;
    }

    /** The dialect statements are compiled with. */
    public Dialect dialect() {
        return dialect;
    }

    /** Connections handed out and not yet closed. */
    public int checkedOutConnections() {
        return checkedOut.get();
    }

    /** Idle connections kept open for reuse. */
    public int idleConnections() {
        synchronized (idle) {
            return idle.size();
        }
    }

    private void requireOpen() {
        if (closed) {
            throw new ResourceClosedError("this engine is closed: " + redact(url));
        }
    }

    /**
     * Closes idle connections and, for an in-memory database, the database itself; connections
     * still checked out are closed when they are given back.
     */
    @Override
    public void close() {
        closed = true;
        synchronized (idle) {
            while (!idle.isEmpty()) {
                idle.pop().close();
            }
        }
        if (memory) {
            boolean locked = memoryPermit.tryAcquire();
            try {
                synchronized (this) {
                    if (shared != null && locked) {
                        shared.close();
                        shared = null;
                    }
                }
            } finally {
                if (locked) {
                    memoryPermit.release();
                }
            }
        }
    }
}
