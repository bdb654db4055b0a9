package io.kalchemy.coroutines

import io.kalchemy.dialect.Capability
import io.kalchemy.dialect.Dialect
import io.kalchemy.dialect.IsolationLevel
import io.kalchemy.engine.Connection
import io.kalchemy.engine.Engine
import io.kalchemy.errors.ArgumentError
import io.kalchemy.orm.PooledTransaction
import io.kalchemy.errors.InvalidRequestError
import io.kalchemy.errors.ResourceClosedError
import io.kalchemy.orm.ReadTransaction
import io.kalchemy.orm.Registry
import io.kalchemy.orm.Session
import io.kalchemy.orm.SessionEvents
import io.kalchemy.orm.SessionFactory
import io.kalchemy.orm.SingleWriter
import io.kalchemy.schema.MetaData
import io.kalchemy.migrate.Migrator
import io.kalchemy.migrate.Revision
import java.nio.file.Path
import java.util.concurrent.CompletionException
import java.util.concurrent.atomic.AtomicInteger
import kotlin.reflect.KClass
import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.CoroutineName
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.NonCancellable
import kotlinx.coroutines.SupervisorJob
import kotlinx.coroutines.channels.Channel
import kotlinx.coroutines.currentCoroutineContext
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.launch
import kotlinx.coroutines.withContext
import kotlin.coroutines.EmptyCoroutineContext
import kotlinx.coroutines.delay
import kotlin.time.Duration
import kotlin.time.TimeSource

/**
 * A SQLite database for coroutines: one writer connection used by one transaction at a time
 * (`BEGIN IMMEDIATE`, in arrival order, so Kalchemy never produces SQLITE_BUSY between its own
 * coroutines) and a pool of read-only reader connections, each read seeing one snapshot (WAL).
 * Blocking JDBC work runs only on `Dispatchers.IO.limitedParallelism` dispatchers; the caller's
 * dispatcher is never blocked.
 *
 * ```
 * val db = Database.open("jdbc:sqlite:app.db") { readers = 4 }
 * db.createAll(User::class, Post::class)
 * val ann = db.transaction { User("ann@example.com", "Ann").also { add(it) } }
 * val users = db.read { select<User>().where(User::email like "%@example.com").list() }
 * ```
 *
 * An in-memory database is one connection, so reads and writes are serialized on it.
 *
 * **Group commit** (file databases, [DatabaseConfig.groupCommit]): transactions that finish while
 * others wait for the writer share one `COMMIT`, each in its own savepoint; every caller resumes
 * after the COMMIT that covers its work, with its own outcome ([io.kalchemy.errors.GroupCommitError]
 * when the shared COMMIT fails).
 *
 * **Cancellation:** cancelling a coroutine inside `transaction {}` or `read {}` (or a `withTimeout`
 * around it) rolls the transaction back in `NonCancellable`, interrupts a running statement
 * (`sqlite3_interrupt`) and gives the connection back.
 *
 * **Lifetime:** create one per database file at start-up and close it at shutdown: [shutdown]
 * from a coroutine, [close] (blocking; `AutoCloseable`) from Java or a shutdown hook. Thread-safe.
 */
class Database private constructor(
    /** The JDBC URL. */
    val url: String,
    internal val config: DatabaseConfig,
) : AutoCloseable {
    private val dialect: Dialect = Engine.dialectFor(url)

    /** The URL with its secrets masked, for messages. */
    private val shownUrl: String = Engine.redact(url)

    /** The pool of a database whose transactions run concurrently (PostgreSQL); null for a single writer (SQLite). */
    private val concurrentPool: ConcurrentPool? =
        if (!dialect.supports(Capability.CONCURRENT_WRITERS)) null
        else ConcurrentPool(url, shownUrl, dialect, config.engineOptions(readOnly = false), config.poolSize, config.acquireTimeoutMillis, ::checkOpen)

    private val writerEngine: Engine = concurrentPool?.engine ?: Engine.create(url, config.engineOptions(readOnly = false))

    /** True for an in-memory database (one connection for reads and writes). */
    val isMemory: Boolean = writerEngine.isMemory

    internal val sessions = SessionFactory(writerEngine, config.sessionOptions())

    /** Group commit (see [io.kalchemy.orm.CommitGroup]); an in-memory database has no COMMIT cost to share. */
    private val groupCommit: Boolean = config.groupCommit && !writerEngine.isMemory && concurrentPool == null

    /** Write transactions waiting for the writer: a finished one joins a group commit only when one is next. */
    internal val writersWaiting = AtomicInteger()

    /** A single writer's connections: the writer (its kept connection, transactions and group commit) and the readers. */
    internal val single: SingleWriterPool? = if (concurrentPool != null) null else SingleWriterPool(
        shownUrl, writerEngine, if (isMemory) null else Engine.create(url, config.engineOptions(readOnly = true)),
        config.readers, config.acquireTimeoutMillis,
        SingleWriter(writerEngine, sessions, groupCommit, MAX_GROUP_COMMIT).also { w -> config.metrics?.let { m -> w.onGroupCommitted(m::groupCommitted) } },
        ::checkOpen,
    )

    /** Every connection of this database. */
    internal val pool: ConnectionPool = concurrentPool ?: single!!
    internal val writerConn get() = single!!.writerConn

    /**
     * Asks the settler to commit an open group that a queued transaction left without its turn
     * (cancelled, or the database closed): then nobody else may come to commit it.
     */
    internal val settleRequests = Channel<Unit>(Channel.CONFLATED)

    /** The settler's mutex owner, so [connectionsInUse] does not count it. */
    private val settler = Any()

    init {
        if (groupCommit) {
            CoroutineScope(single!!.writerDispatcher + CoroutineName("kalchemy-group-commit")).launch {
                for (request in settleRequests) {
                    if (!single.settleLeftGroup(settler)) settleRequests.trySend(Unit) // the holder will settle or join it; look again
                }
            }
        }
    }
    internal val scope = CoroutineScope(SupervisorJob() + Dispatchers.Default + CoroutineName("kalchemy-futures"))

    internal val watchdog: WriterWatchdog? = if (single == null || config.writerWaitWarnMillis == 0L) null
        else WriterWatchdog(shownUrl, config.writerWaitWarnMillis, single.writer, writersWaiting::get, scope)

    internal val metrics: DatabaseMetrics? = config.metrics?.also { it.attach(this, writersWaiting::get) }

    private val liveQueries = LiveQueries(this, writerEngine, if (isMemory) null else dialect.externalChangeSql(), config.changePollMillis, scope)

    @Volatile
    private var closed = false

    companion object {
        /** At most this many finished transactions wait for one group commit. */
        private const val MAX_GROUP_COMMIT = 64

        /**
         * Opens a database (nothing is connected until first use). Files get WAL, `synchronous=NORMAL`,
         * `foreign_keys=ON` and a busy timeout unless [configure] changes them.
         */
        @JvmSynthetic // Java sees the Consumer overload instead: two lambda overloads would be ambiguous to javac
        fun open(url: String, configure: DatabaseConfig.() -> Unit = {}): Database {
            val config = DatabaseConfig().apply(configure)
            config.engineOptions(false) // validates
            return Database(url, config)
        }

        /**
         * [open] for Java: `Database.open(url, c -> { c.setReaders(8); c.setEcho(true); })`, without
         * the `return Unit.INSTANCE` a Kotlin function type would ask of a Java lambda.
         */
        @JvmStatic
        fun open(url: String, configure: java.util.function.Consumer<DatabaseConfig>): Database = open(url) { configure.accept(this) }

        /** Opens a database with the default settings (see [open]). */
        @JvmStatic
        fun open(url: String): Database = open(url) {}
    }

    /** Session and entity event listeners of this database's sessions. */
    val events: SessionEvents get() = sessions.events()

    /** The engine behind the writer, for core-level work with [withConnection]. */
    val engine: Engine get() = writerEngine

    internal fun checkOpen() {
        if (closed) throw ResourceClosedError("database $shownUrl is closed")
    }

    // ---- transactions -------------------------------------------------------------------------

    /**
     * Runs [block] in a write transaction; commits when it returns, rolls back when it throws or
     * is cancelled. Inside another `transaction {}` it joins that one (as a savepoint).
     *
     * On SQLite it runs on the writer connection (`BEGIN IMMEDIATE`), waiting its turn behind
     * earlier transactions; with group commit it may share its COMMIT with transactions queued
     * behind it, and returns once that COMMIT is done. On PostgreSQL it runs on a pooled
     * connection, concurrently with other transactions, at [DatabaseConfig.isolation].
     *
     * @throws InvalidRequestError when called inside `read {}`
     * @throws io.kalchemy.errors.GroupCommitError when its work succeeded but the COMMIT it shared failed
     */
    suspend fun <R> transaction(block: suspend AsyncSession.() -> R): R = transaction(Duration.INFINITE, null, 0, block)

    /**
     * As [transaction], with options:
     *
     * - [timeout]: a time limit counted from this call (waiting for a connection and retries
     *   included). Prefer it to a `withTimeout` around `transaction {}`: kotlinx's `withTimeout`
     *   reports a timeout even when the transaction inside committed just before it fired (it
     *   discards the value returned after its deadline), while this one tells the truth: the
     *   value when the COMMIT had begun, else [io.kalchemy.errors.TransactionTimeoutError] with
     *   nothing written.
     * - [isolation]: the transaction's isolation level (null: [DatabaseConfig.isolation], else the
     *   database's default). SQLite's transactions are serializable whatever is asked.
     * - [retries]: how many times to run [block] again, after a short randomized backoff, when the
     *   transaction fails with a conflict with a concurrent one (a serialization failure or a
     *   deadlock, [io.kalchemy.errors.OperationalError.Kind.CONFLICT]); it was rolled back, so
     *   nothing of it was written. The block must be safe to run again: it may not have effects
     *   outside the transaction that a second run would repeat (send no e-mail from inside it).
     *   This is the client contract of CockroachDB and YugabyteDB, and of PostgreSQL at
     *   SERIALIZABLE. A single writer (SQLite) never has such conflicts.
     *
     * Inside another transaction the options are ignored (the outer one's apply).
     *
     * @throws io.kalchemy.errors.TransactionTimeoutError when the limit passed before the COMMIT began
     * @throws io.kalchemy.errors.OperationalError of kind CONFLICT when the conflicts outlasted [retries]
     * @throws ArgumentError when [retries] is negative
     */
    suspend fun <R> transaction(
        timeout: Duration = Duration.INFINITE,
        isolation: IsolationLevel? = null,
        retries: Int = 0,
        block: suspend AsyncSession.() -> R,
    ): R {
        val current = currentCoroutineContext()[TransactionElement]
        if (current != null && current.database === this) {
            if (!current.session.writable) {
                throw InvalidRequestError("cannot start a write transaction inside db.read {}; move the write out of the read block")
            }
            // a savepoint, as Room does: when the nested block throws, exactly its work is undone,
            // even if the outer block catches the exception and commits
            return current.session.savepoint(block)
        }
        if (retries < 0) throw ArgumentError("retries must be zero or more, got $retries")
        val started = TimeSource.Monotonic.markNow()
        var attempt = 0
        while (true) {
            val remaining = if (timeout.isInfinite()) timeout else timeout - started.elapsedNow()
            if (attempt > 0 && remaining <= Duration.ZERO) {
                throw io.kalchemy.errors.TransactionTimeoutError(
                    "the transaction did not commit within $timeout: its $attempt attempts failed with conflicts and were rolled back; nothing of it was written",
                )
            }
            try {
                val value = if (single != null) writeTransaction(remaining, block)
                else pooledTransaction(remaining, isolation ?: config.isolation, block)
                metrics?.committed()
                return value
            } catch (e: Throwable) {
                metrics?.rolledBack(e)
                if (attempt >= retries || e is CancellationException || !PooledTransaction.isConflict(e)) throw e
                attempt++
                delay(retryBackoffMillis(attempt))
            }
        }
    }

    /**
     * Runs [block] in a read transaction on a reader connection: one consistent snapshot, in
     * parallel with the writer and other readers. The session refuses writes. Inside a
     * `transaction {}` it joins that transaction (and sees its uncommitted work).
     */
    suspend fun <R> read(block: suspend AsyncSession.() -> R): R {
        val current = currentCoroutineContext()[TransactionElement]
        if (current != null && current.database === this) return current.session.block()
        return readOnReader("read {}", block, null)
    }

    /**
     * Runs [block] as `read {}` does, noting the statements it runs, and gives the tables they read
     * to [finished] (null: not known) before the read transaction ends: one run of a live query.
     */
    internal suspend fun <R> readObserved(block: suspend AsyncSession.() -> R, finished: (Set<String>?) -> Unit): R =
        readOnReader("db.observe {}", block, finished)

    /** A read transaction on a read lease; with [recorded], the tables its statements read go there before it ends. */
    private suspend fun <R> readOnReader(what: String, block: suspend AsyncSession.() -> R, recorded: ((Set<String>?) -> Unit)?): R {
        val session = AsyncSession(this, writable = false, explicit = false, core = null)
        checkOpen()
        return pool.useConnection(readOnly = true, what, TransactionElement(this, session)) { lease ->
            // a reader pins its snapshot; the writer of an in-memory database sees no other writer;
            // a connection that can write must refuse writes for the block
            val tx = ReadTransaction.begin(sessions, lease.connection, !lease.isWriter, !lease.readOnly)
            if (recorded == null) {
                runRead(tx, lease.guard, session, block)
            } else {
                lease.connection.startRecordingReads()
                runRead(tx, lease.guard, session, block) { recorded(lease.connection.stopRecordingReads()) }
            }
        }
    }

    /**
     * Runs a read block in its begun transaction with its (read-only) session, then ([beforeEnd]
     * first, when the block succeeded) ends the transaction.
     */
    private suspend fun <R> runRead(
        tx: ReadTransaction,
        guard: StatementGuard,
        session: AsyncSession,
        block: suspend AsyncSession.() -> R,
        beforeEnd: (() -> Unit)? = null,
    ): R {
        session.bind(tx.session(), guard.connection)
        session.guard = guard
        try {
            val value = interruptingOnCancel(guard) { session.block() }
            beforeEnd?.invoke()
            return value
        } catch (t: Throwable) {
            rethrowAfterCancellation(t)
        } finally {
            session.end()
            tx.close()
        }
    }

    // ---- explicit sessions --------------------------------------------------------------------

    /**
     * A session for explicit control (code ported from SQLAlchemy): it takes the writer at its
     * first database call and gives it back at `commit()`, `rollback()` or `close()`.
     *
     * ```
     * db.session().use { s -> s.begin { add(User("a@b.c", "A")) } }
     * ```
     */
    fun session(): AsyncSession {
        checkOpen()
        return AsyncSession(this, writable = true, explicit = true, core = null)
    }

    internal suspend fun acquireWriterFor(session: AsyncSession): Pair<Session, Connection> {
        checkOpen()
        val current = currentCoroutineContext()[TransactionElement]
        if (current != null && current.database === this && (current.session.writable || isMemory)) {
            throw InvalidRequestError(
                "an explicit session from db.session() cannot start inside ${if (current.session.writable) "transaction {}" else "read {} of an in-memory database"}: " +
                    "it would wait for the writer this coroutine already holds; use the block's session (its receiver), or savepoint {} for part of it",
            )
        }
        val lease = pool.acquire(readOnly = false, "an explicit session from db.session() (open until commit(), rollback() or close())", session)
        try {
            return withContext(pool.dispatcher(readOnly = false)) {
                val core = if (single != null) writerConn.writer.beginExplicit()
                else PooledTransaction.begin(sessions, lease.connection, config.isolation).session()
                core to lease.connection
            }
        } catch (e: Throwable) {
            pool.release(lease, session)
            throw e
        }
    }

    internal suspend fun releaseWriterFor(session: AsyncSession, commit: Boolean) {
        if (!pool.holds(session)) return
        pool.releaseHeld(session) { session.coreOrNull()?.close() }
    }

    // ---- streams, schema, escape hatches -------------------------------------------------------

    /**
     * A live query: a cold Flow that runs [block] as `read {}` does when collected, emits its value,
     * and runs it again, emitting when the value differs (`equals`) from the last one emitted,
     * after every COMMIT that may have changed what it read: Room's and SQLDelight's observable
     * queries. Which tables a run read comes from the statements it ran (joins, subqueries,
     * relationship loads, `text()`; on SQLite views, triggers and foreign-key actions too, from
     * the statement's plan); a commit is matched by the tables its statements changed, after the
     * COMMIT, once per COMMIT (a group commit is one), never for a rollback or a rolled-back savepoint.
     * Commits of other connections and processes to a SQLite file are noticed within
     * [DatabaseConfig.changePollMillis] and re-run every live query. On PostgreSQL other processes'
     * commits are not noticed.
     *
     * Conflated: a slow collector gets the latest value, not every one in between. Entities have
     * identity `equals` unless they define one, so a query returning entities emits after every
     * matching commit; map to data classes to drop unchanged results. Cancelling the collector ends
     * the query and frees its reader; [close] completes the Flow. Nothing is listened to or polled
     * while no live query is collected.
     *
     * ```
     * db.observe { select<Post>().where(Post::authorId eq id).count() }.collect { n -> send(n) }
     * ```
     *
     * @throws InvalidRequestError when collected inside `transaction {}` or `read {}` of this database
     */
    fun <T> observe(block: suspend AsyncSession.() -> T): Flow<T> = liveQueries.observe(block)

    /** What the live queries are doing (see [LiveQueryStats]): a diagnostic. */
    fun liveQueryStats(): LiveQueryStats = liveQueries.stats()

    /**
     * Streams [query] in its own read transaction, held for the Flow's lifetime: the cursor
     * advances only as the collector asks (batches of [yieldPer]); completing, failing or
     * cancelling the collection closes the cursor and gives the reader back.
     */
    fun <T> stream(query: TypedSelect<T>, yieldPer: Int = 1000): Flow<T> = streamOf(query, yieldPer)

    /** Creates the tables of the mapped classes that do not exist yet (in foreign-key order). */
    suspend fun createAll(vararg types: KClass<*>) {
        val tables = Registry.global().tables(*types.map { it.java }.toTypedArray())
        withConnection { it.create(tables) }
    }

    /** Creates the tables of [metadata] that do not exist yet. */
    suspend fun createAll(metadata: MetaData) = withConnection { it.createAll(metadata) }

    /** Drops the tables of the mapped classes that exist (dependents first). */
    suspend fun dropAll(vararg types: KClass<*>) {
        val tables = Registry.global().tables(*types.map { it.java }.toTypedArray())
        withConnection { it.drop(tables) }
    }

    /** Drops the tables of [metadata] that exist. */
    suspend fun dropAll(metadata: MetaData) = withConnection { it.dropAll(metadata) }

    /**
     * Runs blocking core-level [block] with the writer connection inside a write transaction
     * (joining the current one when there is one), on the writer's thread.
     */
    suspend fun <R> withConnection(block: (Connection) -> R): R = transaction { withConnection(block) }

    /**
     * Runs blocking [block] with the writer connection outside any transaction, holding the writer
     * (it waits its turn like a transaction): for work SQLite refuses inside one, such as
     * `VACUUM` or `PRAGMA foreign_keys`, and for migrations. A transaction [block] leaves open is
     * rolled back.
     *
     * @throws InvalidRequestError inside `transaction {}` or `read {}` of this database (it would wait for itself)
     */
    suspend fun <R> outsideTransaction(block: (Connection) -> R): R {
        refuseInsideOwnBlock("outsideTransaction {}", "it needs the writer between transactions")
        checkOpen()
        return pool.useConnection(readOnly = false, "outsideTransaction {}", EmptyCoroutineContext) { lease ->
            // a pooled connection is closed after the block, rolling back what it left open
            if (single != null) writerConn.writer.outsideTransaction(block) else block(lease.connection)
        }
    }

    /**
     * Upgrades the database to [target] (`"head"` for the newest) with the revision files in
     * [versions] and [codeRevisions] (see [Migrator]), on the writer between transactions, so it
     * works for in-memory databases too; returns the ids applied.
     *
     * @throws io.kalchemy.errors.MigrationError when a revision fails (the database stays at the last good one),
     *   the history is inconsistent, or the database is newer than the code
     */
    suspend fun migrate(versions: Path, target: String = "head", codeRevisions: List<Revision> = emptyList()): List<String> =
        outsideTransaction { Migrator(writerEngine, versions, codeRevisions).upgrade(it, target) }

    /** The migration revision the database is at (see [Migrator.current]), or null before the first one. */
    suspend fun migrationVersion(versions: Path, codeRevisions: List<Revision> = emptyList()): String? =
        outsideTransaction { Migrator(writerEngine, versions, codeRevisions).current(it) }

    /** Runs blocking core-java [block] with the current (or a new write) transaction's core session. */
    suspend fun <R> runSync(block: (Session) -> R): R = transaction { runSync(block) }

    /** The same operations for Java callers, as `CompletableFuture`s. */
    fun futures(): DatabaseFutures = DatabaseFutures(this)

    /**
     * Closes the database, suspending until it is closed: new work fails with
     * [ResourceClosedError]; running transactions and reads finish first (queued ones fail); then
     * every connection is closed. Idempotent. Coroutines call this; [close] blocks instead.
     *
     * @throws InvalidRequestError inside `transaction {}` or `read {}` of this database (it would wait for itself)
     * @throws io.kalchemy.errors.AcquireTimeoutError when the writer or a reader stayed in use for the
     *   whole acquire timeout (a `db.stream()` Flow whose collector stopped, an explicit session never
     *   closed); the connections not in use are closed all the same
     */
    suspend fun shutdown() {
        refuseInsideOwnBlock("db.shutdown()", "it waits for them to finish")
        if (closed) return
        closed = true
        liveQueries.close()
        val connectionsFree = pool.close {
            settleRequests.close(null) // ends the settler: no group can open once closed
        }
        if (!connectionsFree) {
            throw io.kalchemy.errors.AcquireTimeoutError(
                "closed $shownUrl while ${pool.lentConnection} was still in use after ${config.acquireTimeoutMillis} ms " +
                    "(a read {} block, an explicit session not closed, or a db.stream() Flow whose collector stopped); it is closed when that block or Flow ends",
            )
        }
    }

    /**
     * [shutdown], blocking the calling thread until the database is closed: for Java
     * (try-with-resources), `use {}`, shutdown hooks and framework stop callbacks. Call it from a
     * thread of your own; a coroutine calls [shutdown] rather than block its dispatcher's thread.
     *
     * @throws InvalidRequestError on a thread running `transaction {}` or `read {}` of this
     *   database (it would wait for itself)
     * @throws io.kalchemy.errors.AcquireTimeoutError as [shutdown] does
     */
    override fun close() {
        if (pool.runsOnCurrentThread()) throw waitsForItself("db.close()", "it blocks until they finish")
        // not runBlocking: compiled against coroutines 1.9+ it links to a method 1.8 lacks (CompatibilitySpec)
        try {
            futures().close().join()
        } catch (e: CompletionException) {
            throw e.cause ?: e
        }
    }

    /**
     * A health check: takes a read connection (a reader, the in-memory database's connection, or
     * one from the pool), runs the dialect's cheapest query on it and gives it back; returns how
     * long that took. Waits for a connection like `read {}` does.
     *
     * @throws io.kalchemy.errors.OperationalError when the database cannot be reached or refuses
     * @throws io.kalchemy.errors.AcquireTimeoutError when every connection stayed in use for the acquire timeout
     * @throws ResourceClosedError once the database is closed
     */
    suspend fun ping(): Duration {
        checkOpen()
        val started = TimeSource.Monotonic.markNow()
        pool.useConnection(readOnly = true, "ping()", EmptyCoroutineContext) { lease ->
            lease.connection.executeDriverSql(dialect.snapshotSql()).close()
        }
        return started.elapsedNow()
    }

    /**
     * Connections in use right now: reader connections checked out plus the writer when a
     * transaction, explicit session or stream holds it. The idle writer connection, kept open
     * between transactions, does not count. Zero when nothing runs: a diagnostic for leaks.
     */
    fun connectionsInUse(): Int = pool.inUse(settler)

    private suspend fun refuseInsideOwnBlock(what: String, why: String) {
        if (currentCoroutineContext()[TransactionElement]?.database === this) throw waitsForItself(what, why)
    }

    private fun waitsForItself(what: String, why: String) =
        InvalidRequestError("$what cannot run inside transaction {} or read {} of the same database: $why; call it after the block")

    /** True once [shutdown] (or [close]) has begun. */
    val isClosed: Boolean get() = closed
}
