package io.kalchemy.coroutines

import io.kalchemy.engine.Engine
import io.kalchemy.engine.InvalidationTracker
import io.kalchemy.errors.InvalidRequestError
import io.kalchemy.errors.ResourceClosedError
import kotlin.coroutines.EmptyCoroutineContext
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Job
import kotlinx.coroutines.NonCancellable
import kotlinx.coroutines.channels.Channel
import kotlinx.coroutines.currentCoroutineContext
import kotlinx.coroutines.delay
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.flow
import kotlinx.coroutines.isActive
import kotlinx.coroutines.launch
import kotlinx.coroutines.sync.Mutex
import kotlinx.coroutines.sync.withLock
import kotlinx.coroutines.withContext
import org.slf4j.LoggerFactory

/**
 * The live queries of one [Database] ([Database.observe]): when to run each one again.
 *
 * - **In-process commits**: while at least one query is collected, the committing [Engine] tells
 *   the core [InvalidationTracker] which tables each COMMIT changed; the tracker wakes only the
 *   queries whose last run read one of them. Nothing is listened to while no query is collected.
 * - **Other connections and processes** (a dialect with [io.kalchemy.dialect.Dialect.externalChangeSql],
 *   SQLite files): a poller asks the writer connection for `PRAGMA data_version` every
 *   [pollMillis] while a query is collected. On the writer that value changes only for commits of
 *   *other* connections (this database's own commits are already reported precisely), so a change
 *   there means "every table may have changed". The poll waits its turn for the writer like a
 *   transaction; it is one statement, and the writer cannot miss a commit while it holds the
 *   write lock, since nobody else can commit then.
 *
 * Each query's loop: mark the run as starting, drop signals it already covers, run the block on a
 * reader recording its statements, give the tables read to the tracker (which re-signals at once
 * when a commit heard during the run touched them), emit when the value differs from the last
 * one, wait for a signal. Signals are conflated, so a slow collector sees the latest result.
 */
internal class LiveQueries(
    private val db: Database,
    private val engine: Engine,
    /** The query telling whether another connection committed, or null (no poller). */
    private val externalChangeSql: String?,
    private val pollMillis: Long,
    private val scope: CoroutineScope,
) {
    private val tracker = InvalidationTracker()
    private val lifecycle = Mutex()
    private val signals = HashSet<Channel<Unit>>() // guarded by lifecycle
    private var poller: Job? = null // guarded by lifecycle
    private var closed = false // guarded by lifecycle

    @Volatile
    private var pollCount = 0L

    fun <T> observe(block: suspend AsyncSession.() -> T): Flow<T> = flow {
        val current = currentCoroutineContext()[TransactionElement]
        if (current != null && current.database === db) {
            throw InvalidRequestError(
                "db.observe {} cannot be collected inside transaction {} or read {} of the same database: " +
                    "its reads would join that block, and the commits it waits for could not happen before it ends; collect it outside",
            )
        }
        db.checkOpen()
        val signal = Channel<Unit>(Channel.CONFLATED)
        val observer = attach(signal)
        try {
            var last: Any? = NOTHING
            while (true) {
                observer.runStarting()
                signal.tryReceive() // a signal sent before this point is for a commit the run below sees
                val value = try {
                    db.readObserved(block) { tables -> observer.runFinished(tables) }
                } catch (e: ResourceClosedError) {
                    if (db.isClosed) return@flow else throw e
                }
                if (value != last) {
                    last = value
                    emit(value)
                }
                if (signal.receiveCatching().isClosed) return@flow
            }
        } finally {
            withContext(NonCancellable) { detach(observer, signal) }
        }
    }

    private suspend fun attach(signal: Channel<Unit>): InvalidationTracker.Observer = lifecycle.withLock {
        if (closed) throw ResourceClosedError("the database is closed")
        val observer = tracker.register { signal.trySend(Unit) }
        if (signals.isEmpty()) {
            engine.addCommitListener(tracker)
            try {
                startPolling()
            } catch (t: Throwable) {
                engine.removeCommitListener(tracker)
                observer.close()
                throw t
            }
        }
        signals += signal
        observer
    }

    private suspend fun detach(observer: InvalidationTracker.Observer, signal: Channel<Unit>) = lifecycle.withLock {
        observer.close()
        if (signals.remove(signal) && signals.isEmpty()) {
            engine.removeCommitListener(tracker)
            poller?.cancel(null)
            poller = null
        }
    }

    /**
     * Reads the first `data_version` now, before the first query's first run, so a commit of
     * another process between that run's snapshot and the poller's first look is not missed;
     * then polls in [scope].
     */
    private suspend fun startPolling() {
        val sql = externalChangeSql ?: return
        if (pollMillis <= 0) return
        var seen = readVersion(sql)
        poller = scope.launch {
            while (isActive) {
                delay(pollMillis)
                val now = try {
                    readVersion(sql)
                } catch (e: ResourceClosedError) {
                    return@launch
                } catch (e: Exception) {
                    if (e is kotlinx.coroutines.CancellationException) throw e
                    LOG.debug("live queries could not check for other connections' commits; trying again", e)
                    continue
                }
                pollCount++
                if (now != seen) {
                    seen = now
                    engine.forgetTableAccess() // another process may have changed the schema too
                    tracker.everythingChanged()
                }
            }
        }
    }

    private suspend fun readVersion(sql: String): Long =
        db.pool.useConnection(readOnly = false, "live queries' check for other connections' commits", EmptyCoroutineContext) { lease ->
            lease.connection.jdbc().createStatement().use { st -> st.executeQuery(sql).use { rs -> rs.next(); rs.getLong(1) } }
        }

    /** Ends every live query's Flow (normally) and stops polling: the database is closing. */
    suspend fun close() = lifecycle.withLock {
        closed = true
        poller?.cancel(null)
        poller = null
        engine.removeCommitListener(tracker)
        signals.forEach { it.close(null) }
        signals.clear()
    }

    fun stats(): LiveQueryStats = LiveQueryStats(
        observers = tracker.observers(),
        commitsHeard = tracker.commits(),
        invalidations = tracker.invalidations(),
        externalChecks = pollCount,
        externalChanges = tracker.externalChanges(),
    )

    private companion object {
        val LOG = LoggerFactory.getLogger("io.kalchemy.coroutines")
        /** The "no value emitted yet" marker (a query may return null). */
        val NOTHING = Any()
    }
}

/**
 * What a [Database]'s live queries ([Database.observe]) are doing, for diagnostics and tests.
 *
 * @property observers live queries being collected now
 * @property commitsHeard COMMITs of this database that changed something, heard while a query was collected
 * @property invalidations times a query was told to run again (one per query per change that hit it)
 * @property externalChecks polls for other connections' commits (SQLite files)
 * @property externalChanges polls that found another connection or process had committed
 */
data class LiveQueryStats(
    val observers: Int,
    val commitsHeard: Long,
    val invalidations: Long,
    val externalChecks: Long,
    val externalChanges: Long,
)
