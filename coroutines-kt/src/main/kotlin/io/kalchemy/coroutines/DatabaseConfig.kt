package io.kalchemy.coroutines

import io.kalchemy.engine.ConnectHook
import io.kalchemy.engine.EngineOptions
import io.kalchemy.engine.ExecutionListener
import io.kalchemy.errors.ArgumentError
import io.kalchemy.orm.SessionOptions

/**
 * Settings for [Database.open]: how many reader connections, pragmas, SQL echo, busy timeout,
 * connect hooks, and the sessions' defaults. Filled in by the `open` block, then copied.
 */
class DatabaseConfig internal constructor() {
    /** Reader connections (and reader threads) for `read {}` in WAL mode; at least 1. */
    var readers: Int = 4

    /** Log every statement and its parameters through SLF4J (logger `io.kalchemy.engine`). */
    var echo: Boolean = false

    /** How long a statement waits for a lock held by another process before failing with BUSY. */
    var busyTimeoutMillis: Int = 5000

    /** Prepared statements cached per connection. */
    var statementCacheSize: Int = 128

    /** Expire objects at commit (they are refreshed by the next query that returns them). */
    var expireOnCommit: Boolean = true

    /** Flush pending changes before each query. */
    var autoflush: Boolean = true

    /**
     * Group commit (file databases): while write transactions queue for the writer, those that
     * finish share one `COMMIT` (each in its own savepoint; each caller resumed after the COMMIT,
     * with its own outcome). Several times the throughput of one COMMIT each under concurrent
     * writers. Turn it off when a transaction must not depend on others' COMMIT: with deferred
     * foreign keys a violation shows only at COMMIT and fails the whole group ([io.kalchemy.errors.GroupCommitError]),
     * and a transaction running in a group is cancelled when its statement returns, not interrupted.
     */
    var groupCommit: Boolean = true

    private val pragmas = LinkedHashMap<String, String?>()
    private val hooks = mutableListOf<ConnectHook>()
    private val listeners = mutableListOf<ExecutionListener>()

    /** Sets (or, with null, removes) `PRAGMA name = value` on every connection. */
    fun pragma(name: String, value: String?) {
        pragmas[name] = value
    }

    /** Runs [hook] on every new JDBC connection (register SQL functions, collations). */
    fun onConnect(hook: (java.sql.Connection) -> Unit) {
        hooks += ConnectHook { hook(it) }
    }

    /** Adds a listener told about every statement. */
    fun listener(listener: ExecutionListener) {
        listeners += listener
    }

    internal fun engineOptions(readOnly: Boolean): EngineOptions {
        if (readers < 1) throw ArgumentError("readers must be at least 1, got $readers")
        val o = EngineOptions().busyTimeoutMillis(busyTimeoutMillis).echo(echo).statementCacheSize(statementCacheSize)
            .maxIdleConnections(readers + 1)
        pragmas.forEach { (k, v) -> o.pragma(k, v) }
        if (readOnly) o.pragma("query_only", "ON")
        hooks.forEach { o.onConnect(it) }
        listeners.forEach { o.listener(it) }
        return o
    }

    internal fun sessionOptions(): SessionOptions = SessionOptions().expireOnCommit(expireOnCommit).autoflush(autoflush)
}
