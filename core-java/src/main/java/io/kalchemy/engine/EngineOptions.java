package io.kalchemy.engine;

import io.kalchemy.errors.ArgumentError;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Settings for an {@link Engine}: per-connection settings (SQLite's pragmas), busy timeout,
 * read-only and durable connections, SQL echo, statement-cache and pool sizes, connect hooks and
 * execution listeners. A mutable builder: fill it in, then pass it to
 * {@link Engine#create(String, EngineOptions)}, which copies it.
 *
 * <p>The dialect supplies the default settings (SQLite: for files {@code journal_mode=WAL},
 * {@code synchronous=NORMAL}; always {@code foreign_keys=ON}) and renders
 * {@link #readOnly}/{@link #durableCommits}; a 5-second busy timeout. Override any setting with
 * {@link #pragma(String, String)}, or remove a default with a null value.
 */
public final class EngineOptions {
    private static final Pattern PRAGMA_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern PRAGMA_VALUE = Pattern.compile("-?[A-Za-z0-9_.]+");

    final Map<String, String> pragmas = new LinkedHashMap<>();
    final List<ConnectHook> connectHooks = new ArrayList<>();
    final List<ExecutionListener> listeners = new ArrayList<>();
    int busyTimeoutMillis = 5000;
    /** Settings (and "busy_timeout") set by the caller, which win over the URL's parameters and the dialect's defaults. */
    final java.util.Set<String> explicit = new java.util.HashSet<>();
    boolean readOnly;
    boolean durableCommits;
    boolean echo;
    int statementCacheSize = 128;
    int maxIdleConnections = 8;
    io.kalchemy.dialect.Encryption encryption;
    long slowStatementMillis = -1;

    /** Creates options with the defaults. */
    public EngineOptions() {
    }

    EngineOptions copy() {
        EngineOptions c = new EngineOptions();
        c.pragmas.clear();
        c.pragmas.putAll(pragmas);
        c.connectHooks.addAll(connectHooks);
        c.listeners.addAll(listeners);
        c.busyTimeoutMillis = busyTimeoutMillis;
        c.explicit.addAll(explicit);
        c.readOnly = readOnly;
        c.durableCommits = durableCommits;
        c.echo = echo;
        c.statementCacheSize = statementCacheSize;
        c.maxIdleConnections = maxIdleConnections;
        c.encryption = encryption;
        c.slowStatementMillis = slowStatementMillis;
        return c;
    }

    /**
     * Sets {@code PRAGMA name = value} on every new connection; a null value removes a default.
     * Which setting wins: one set here (or with {@link #busyTimeoutMillis}), then a parameter of
     * the same name in the URL ({@code jdbc:sqlite:app.db?busy_timeout=30000}), then the default.
     *
     * @throws ArgumentError when the name or value is not a plain word or number
     */
    public EngineOptions pragma(String name, String value) {
        if (name == null || !PRAGMA_NAME.matcher(name).matches()) {
            throw new ArgumentError("invalid pragma name '" + name + "'");
        }
        explicit.add(name.toLowerCase());
        if (value == null) {
            pragmas.remove(name.toLowerCase());
            return this;
        }
        if (!PRAGMA_VALUE.matcher(value).matches()) {
            throw new ArgumentError("invalid value '" + value + "' for pragma " + name + ": use a plain word or number");
        }
        pragmas.put(name.toLowerCase(), value);
        return this;
    }

    /** How long a statement waits for another connection's lock before failing with BUSY. */
    public EngineOptions busyTimeoutMillis(int millis) {
        if (millis < 0) {
            throw new ArgumentError("busy timeout must not be negative, got " + millis);
        }
        this.busyTimeoutMillis = millis;
        explicit.add("busy_timeout");
        return this;
    }

    /** Connections refuse to write (SQLite: {@code query_only}); for reader pools. */
    public EngineOptions readOnly(boolean readOnly) {
        this.readOnly = readOnly;
        return this;
    }

    /**
     * A COMMIT returns only once it would survive a power loss (SQLite: {@code synchronous=FULL}
     * in WAL mode); by default it survives a crash of the process.
     */
    public EngineOptions durableCommits(boolean durable) {
        this.durableCommits = durable;
        return this;
    }

    /**
     * Logs every statement and its parameters at INFO through SLF4J logger {@code io.kalchemy.sql}
     * (SQLAlchemy's {@code echo}); without it they are logged at DEBUG there, and Kalchemy's own
     * housekeeping statements at TRACE.
     */
    public EngineOptions echo(boolean echo) {
        this.echo = echo;
        return this;
    }

    /**
     * Logs each statement that takes at least {@code millis} (with its parameters) at WARN through
     * SLF4J logger {@code io.kalchemy.sql.slow}; negative (the default) turns it off.
     */
    public EngineOptions slowStatementMillis(long millis) {
        this.slowStatementMillis = millis;
        return this;
    }

    /** How many prepared statements each connection keeps (least recently used are closed). */
    public EngineOptions statementCacheSize(int size) {
        if (size < 0) {
            throw new ArgumentError("statement cache size must not be negative, got " + size);
        }
        this.statementCacheSize = size;
        return this;
    }

    /** How many idle connections a file engine keeps open for reuse. */
    public EngineOptions maxIdleConnections(int n) {
        if (n < 0) {
            throw new ArgumentError("max idle connections must not be negative, got " + n);
        }
        this.maxIdleConnections = n;
        return this;
    }

    /**
     * Opens every connection encrypted with {@code encryption} (null: plain); see
     * {@link io.kalchemy.dialect.Encryption}. On SQLite this needs the SQLite3MultipleCiphers driver
     * ({@code io.github.willena:sqlite-jdbc}) in place of xerial's: with any other driver opening
     * fails with an {@link io.kalchemy.errors.EncryptionError} instead of writing a plain file.
     */
    public EngineOptions encryption(io.kalchemy.dialect.Encryption encryption) {
        this.encryption = encryption;
        return this;
    }

    /** Adds a hook run on every new connection. */
    public EngineOptions onConnect(ConnectHook hook) {
        connectHooks.add(hook);
        return this;
    }

    /** Adds a listener told about every statement. */
    public EngineOptions listener(ExecutionListener listener) {
        listeners.add(listener);
        return this;
    }

    /** The settings given with {@link #pragma} (the dialect's defaults are not included), in order. */
    public Map<String, String> pragmas() {
        return Map.copyOf(pragmas);
    }
}
