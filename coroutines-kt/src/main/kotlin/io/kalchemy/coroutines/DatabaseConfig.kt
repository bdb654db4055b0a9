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
    /** Reader connections (and reader threads) for `read {}` in WAL mode (SQLite); at least 1. */
    var readers: Int = 4

    /**
     * Connections (and threads) of the pool of a database whose transactions run concurrently
     * (PostgreSQL), SQLAlchemy's `pool_size`; at least 1. Transactions, reads, explicit sessions
     * and streams each hold one while they run; more wait for one (at most [acquireTimeoutMillis]).
     * HikariCP keeps them, checks one that sat idle before lending it (SQLAlchemy's
     * `pool_pre_ping`) and replaces broken ones. Keep it below the server's `max_connections`
     * divided by the number of application instances.
     */
    var poolSize: Int = 10

    /**
     * The isolation level of `transaction {}` and explicit sessions unless one is asked for (null:
     * the database's default, READ COMMITTED on PostgreSQL). SQLite's transactions are
     * serializable whatever is set here.
     */
    var isolation: io.kalchemy.dialect.IsolationLevel? = null

    /**
     * Log every statement and its parameters at INFO through SLF4J logger `io.kalchemy.sql`
     * (SQLAlchemy's `echo`). Without it they are logged at DEBUG there; Kalchemy's own
     * housekeeping statements (a read's snapshot pin) at TRACE.
     */
    var echo: Boolean = false

    /**
     * Log each statement that takes at least this many milliseconds, with its parameters, at WARN
     * through SLF4J logger `io.kalchemy.sql.slow`; negative (the default) turns it off.
     */
    var slowStatementMillis: Long = -1

    /**
     * How long a statement waits for a lock held by another process before failing with BUSY (5 s
     * unless set here or by the URL's `busy_timeout` parameter; set here, it wins over the URL).
     */
    var busyTimeoutMillis: Int = 5000
        set(value) {
            field = value
            busyTimeoutSet = true
        }
    private var busyTimeoutSet = false

    /** Prepared statements cached per connection. */
    var statementCacheSize: Int = 128

    /** Expire objects at commit (they are refreshed by the next query that returns them). */
    var expireOnCommit: Boolean = true

    /** Flush pending changes before each query. */
    var autoflush: Boolean = true

    /**
     * How long a call waits for the writer (behind other transactions and explicit sessions) or for
     * a reader connection before failing with [io.kalchemy.errors.AcquireTimeoutError], which names
     * what held it: SQLAlchemy's `pool_timeout`. A wait that cannot end (a transaction awaiting
     * another that queues behind it) fails after this instead of hanging.
     */
    var acquireTimeoutMillis: Long = 30_000

    /**
     * Writer-wait diagnostics (SQLite's single writer): when the writer has been held longer than
     * this many milliseconds while write transactions wait for it, one WARN on logger
     * `io.kalchemy.writer` names the holder: what it is (`transaction {}`, an explicit session,
     * `outsideTransaction {}`), its coroutine (name it with `CoroutineName`), how long it has held
     * the writer and, with [traceWriterOrigins], where its transaction began. 0 turns it off.
     */
    var writerWaitWarnMillis: Long = 1_000

    /**
     * Records where each `transaction {}` is called from (one stack walk per write transaction, a
     * few microseconds) so the writer-wait warning ([writerWaitWarnMillis]) can say where the
     * holder began. Off by default for that cost; turn it on while hunting a slow or stuck writer.
     */
    var traceWriterOrigins: Boolean = false

    /**
     * Group commit (file databases; off by default): while write transactions queue for the writer,
     * those that finish share one `COMMIT` (each in its own savepoint; each caller resumed after
     * the COMMIT, with its own outcome). Several times the throughput of one COMMIT each under
     * concurrent writers. What it costs, and why it is off unless chosen:
     * - a caller returns only after the transactions queued behind it have run, so a block that
     *   waits for something another coroutine does after its own `transaction {}` returns
     *   deadlocks (the wait ends only by [acquireTimeoutMillis] or cancellation);
     * - a caller whose work was handed to a group waits for that group's COMMIT even when
     *   cancelled (its work can no longer be taken back alone), and a transaction running in a
     *   group is cancelled when its statement returns, not interrupted;
     * - with deferred foreign keys a violation shows only at COMMIT and fails the whole group
     *   ([io.kalchemy.errors.GroupCommitError]).
     */
    var groupCommit: Boolean = false

    /**
     * Durability of a COMMIT on a file database (`PRAGMA synchronous`):
     * - [Durability.PROCESS_CRASH] (default, `NORMAL` in WAL mode): no fsync per COMMIT; an
     *   acknowledged transaction survives a crash or kill of the process, but the last ones may be
     *   lost if the operating system crashes or the power fails (the database stays consistent).
     * - [Durability.POWER_LOSS] (`FULL`): the WAL is synced at every COMMIT; an acknowledged
     *   transaction survives power loss too, at the cost of one fsync per COMMIT.
     */
    var durability: Durability = Durability.PROCESS_CRASH

    /**
     * While a live query ([Database.observe]) is collected, how often (milliseconds) a SQLite file
     * database checks whether another connection or process committed (`PRAGMA data_version` on the
     * writer, waiting its turn like a transaction); such a commit re-runs every live query. 0 turns
     * the check off (then only this database's own commits wake live queries).
     */
    var changePollMillis: Long = 50

    /**
     * Encrypts the database file (SQLite; null: plain): `encryption = SqlCipher("passphrase")`
     * (SQLCipher 4's format; `legacy = 3` for SQLCipher 3) or `ChaCha20("passphrase")`. The key is
     * applied on every connection, the writer and each reader, and never logged. Needs the
     * SQLite3MultipleCiphers driver (`io.github.willena:sqlite-jdbc`) in place of xerial's: with
     * any other driver the first use fails with an [io.kalchemy.errors.EncryptionError] instead of
     * writing a plain file. See `docs/encryption.md`.
     */
    var encryption: io.kalchemy.dialect.Encryption? = null

    /**
     * Micrometer meters for this database (null: none): `metrics = DatabaseMetrics(registry)`.
     * Needs `io.micrometer:micrometer-core` on the classpath; see [DatabaseMetrics] for the meters.
     */
    var metrics: DatabaseMetrics? = null

    private val pragmas = LinkedHashMap<String, String?>()
    private val hooks = mutableListOf<ConnectHook>()
    private val listeners = mutableListOf<ExecutionListener>()

    /**
     * Sets (or, with null, removes) `PRAGMA name = value` on every connection. A pragma set here
     * wins over the same parameter in the URL; the URL's wins over Kalchemy's defaults (WAL,
     * `synchronous=NORMAL`, `foreign_keys=ON`, `busy_timeout=5000`).
     */
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
        if (poolSize < 1) throw ArgumentError("poolSize must be at least 1, got $poolSize")
        if (changePollMillis < 0) throw ArgumentError("changePollMillis must not be negative, got $changePollMillis")
        if (writerWaitWarnMillis < 0) throw ArgumentError("writerWaitWarnMillis must not be negative, got $writerWaitWarnMillis")
        if (acquireTimeoutMillis <= 0) throw ArgumentError("acquireTimeoutMillis must be positive, got $acquireTimeoutMillis")
        val o = EngineOptions().echo(echo).statementCacheSize(statementCacheSize).slowStatementMillis(slowStatementMillis)
            .maxIdleConnections(readers + 1)
        if (busyTimeoutSet) o.busyTimeoutMillis(busyTimeoutMillis)
        o.durableCommits(durability == Durability.POWER_LOSS)
        pragmas.forEach { (k, v) -> o.pragma(k, v) }
        o.readOnly(readOnly)
        o.encryption(encryption)
        hooks.forEach { o.onConnect(it) }
        listeners.forEach { o.listener(it) }
        metrics?.let { o.listener(it.statementListener) }
        return o
    }

    internal fun sessionOptions(): SessionOptions = SessionOptions().expireOnCommit(expireOnCommit).autoflush(autoflush)
}
