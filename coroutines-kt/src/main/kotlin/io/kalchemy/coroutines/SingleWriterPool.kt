package io.kalchemy.coroutines

import io.kalchemy.engine.Connection
import io.kalchemy.engine.Engine
import io.kalchemy.errors.AcquireTimeoutError
import io.kalchemy.orm.SingleWriter
import kotlin.coroutines.CoroutineContext
import kotlinx.coroutines.CoroutineDispatcher
import kotlinx.coroutines.NonCancellable
import kotlinx.coroutines.withContext

/**
 * The [ConnectionPool] of a database whose writes run one transaction at a time (SQLite, which
 * lacks [io.kalchemy.dialect.Capability.CONCURRENT_WRITERS]):
 *
 * - A file database has one **writer** (a kept connection used by one holder at a time, in
 *   arrival order, each waiting at most the acquire timeout; an open group commit is settled
 *   before a new holder gets it, except by a transaction that joins it) and `readers` read-only
 *   **reader** connections, each lent with a permit.
 * - An in-memory database is one connection: every lease, read-only or not, is the writer
 *   (a single-connection pool).
 *
 * Blocking work runs on the lease's dispatcher ([dispatcher]): the writer's has one thread, the
 * readers' as many as there are readers. Safe to call from any coroutine; the lock owner passed
 * to [acquire] is the one that must [release].
 */
internal class SingleWriterPool(
    private val url: String,
    private val writerEngine: Engine,
    /** The read-only engine, or null when the database is one connection. */
    private val readerEngine: Engine?,
    readers: Int,
    acquireTimeoutMillis: Long,
    singleWriter: SingleWriter,
    /** Throws once the database is closed; called after every wait. */
    private val checkOpen: () -> Unit,
) : ConnectionPool {
    /** True when reads and writes share the writer (an in-memory database). */
    override val singleConnection: Boolean = readerEngine == null

    override val lentConnection: String get() = "a reader connection"

    val writerDispatcher: LimitedDispatcher = LimitedDispatcher(1, "kalchemy-writer")
    private val readerDispatcher: LimitedDispatcher =
        if (readerEngine == null) writerDispatcher else LimitedDispatcher(readers, "kalchemy-readers")

    /** The writer's FIFO lock; transactions take it directly (see [lockWriter]). */
    val writer = WriterLock(url, acquireTimeoutMillis)
    private val readerPermits: ConnectionPermits? = readerEngine?.let {
        ConnectionPermits(
            url, readers, acquireTimeoutMillis, "reader connections",
            "read {} blocks and db.stream() Flows (a Flow holds its reader until it is collected to the end or cancelled)",
        )
    }

    /** The writer's kept connection, its transactions and open group commit: touched only by the writer's holder. */
    val writerConn = WriterConnection(singleWriter)

    /** The dispatcher a lease of this kind runs its blocking work on. */
    override fun dispatcher(readOnly: Boolean): CoroutineDispatcher = if (readOnly) readerDispatcher else writerDispatcher

    override fun runsOnCurrentThread(): Boolean = writerDispatcher.runsOnCurrentThread() || readerDispatcher.runsOnCurrentThread()

    /**
     * Runs [block] with a connection on its dispatcher (plus [context]), then gives the connection
     * back on every path, cancellation included. A read-only lease is a reader (the writer in a
     * single-connection pool); otherwise the writer, after settling an open group commit.
     *
     * @throws AcquireTimeoutError when no connection of that kind came free within the acquire timeout
     */
    override suspend fun <R> useConnection(readOnly: Boolean, what: String, context: CoroutineContext, block: suspend (ConnectionPool.Lease) -> R): R {
        if (readOnly && readerEngine != null) {
            val permits = readerPermits!!
            permits.acquire(what)
            try {
                checkOpen()
                return withContext(readerDispatcher + context) {
                    val conn = readerEngine.connect()
                    try {
                        block(ConnectionPool.Lease(conn, StatementGuard(conn), isWriter = false, readOnly = true))
                    } finally {
                        withContext(NonCancellable) { conn.close() }
                    }
                }
            } finally {
                permits.release()
            }
        }
        // the lock is taken on the writer's dispatcher, so the next holder resumes on the writer's
        // own worker without waking another thread in between
        return withContext(writerDispatcher + context) {
            lockWriter(null, what)
            try {
                try {
                    block(writerLease())
                } finally {
                    withContext(NonCancellable) { writerConn.dropIfInvalid() }
                }
            } finally {
                writer.unlock(null)
            }
        }
    }

    /**
     * Takes a connection for [owner] until [release]: the lock or permit is taken on the caller's
     * context, the connection prepared on the lease's dispatcher.
     *
     * @throws AcquireTimeoutError when no connection of that kind came free within the acquire timeout
     */
    override suspend fun acquire(readOnly: Boolean, what: String, owner: Any?): ConnectionPool.Lease {
        val permits = readerPermits
        if (readOnly && readerEngine != null && permits != null) {
            permits.acquire(what)
            try {
                checkOpen()
                return withContext(readerDispatcher) { readerEngine.connect().let { ConnectionPool.Lease(it, StatementGuard(it), isWriter = false, readOnly = true) } }
            } catch (t: Throwable) {
                permits.release()
                throw t
            }
        }
        lockWriter(owner, what)
        try {
            return withContext(writerDispatcher) { writerLease() }
        } catch (t: Throwable) {
            writer.unlock(owner)
            throw t
        }
    }

    /** Gives back what [acquire] lent to [owner]: a reader is closed; the writer kept unless it can no longer be trusted. */
    override suspend fun release(lease: ConnectionPool.Lease, owner: Any?) {
        if (lease.isWriter) return releaseHeld(owner) {}
        try {
            withContext(NonCancellable + readerDispatcher) { lease.connection.close() }
        } finally {
            readerPermits?.release()
        }
    }

    /**
     * Gives the writer [owner] holds back, after [beforeRelease] (on the writer's dispatcher, not
     * cancellable), dropping its connection when it can no longer be trusted.
     */
    override suspend fun releaseHeld(owner: Any?, beforeRelease: () -> Unit) {
        try {
            withContext(NonCancellable + writerDispatcher) {
                try {
                    beforeRelease()
                } finally {
                    writerConn.dropIfInvalid()
                }
            }
        } finally {
            writer.unlock(owner)
        }
    }

    /**
     * Takes the writer's lock for [owner] (FIFO, at most the acquire timeout) without preparing its
     * connection: for a write transaction, which gets its connection from [writerConn] and may join
     * the open group commit instead of settling it. Call [unlockWriter] when done.
     *
     * @throws AcquireTimeoutError when the writer stayed held for the whole timeout
     */
    suspend fun lockWriter(owner: Any?, what: String, origin: String? = null) {
        writer.lock(owner, what, origin)
        try {
            checkOpen()
        } catch (t: Throwable) {
            writer.unlock(owner)
            throw t
        }
    }

    /** Releases the lock [lockWriter] took for [owner]. */
    fun unlockWriter(owner: Any?) = writer.unlock(owner)

    /** True when [owner] holds the writer. */
    override fun holds(owner: Any): Boolean = writer.holdsLock(owner)

    /**
     * Commits a group that a queued transaction left open without its turn (cancelled, or the
     * database closed), taking the writer for [owner]; call it on the writer's dispatcher. False
     * when the writer stayed held for the whole acquire timeout (its holder settles or joins it).
     */
    suspend fun settleLeftGroup(owner: Any): Boolean {
        if (!writerConn.writer.hasOpenGroup()) return true
        val settled = try {
            writer.lock(owner, "a group commit's settle")
            try {
                writerConn.writer.settleOpenGroup()
            } finally {
                writer.unlock(owner)
            }
        } catch (e: AcquireTimeoutError) {
            return false
        }
        settled?.notifyMembers()
        return true
    }

    /** On the writer's dispatcher, holding its lock: commits an open group and lends the kept connection. */
    private fun writerLease(): ConnectionPool.Lease {
        writerConn.writer.settleOpenGroup()?.notifyMembers()
        val (conn, guard) = writerConn.get()
        guard.reset()
        return ConnectionPool.Lease(conn, guard, isWriter = true, readOnly = false)
    }

    /**
     * Closes every connection, holding the writer (its open group committed first): waits for
     * lent readers at most the acquire timeout and returns false when some stayed in use (they are
     * closed when their holders give them back).
     */
    override suspend fun close(beforeClosing: () -> Unit): Boolean = withContext(writerDispatcher) {
        writer.lock(null, "close()")
        try {
            writerConn.writer.settleOpenGroup()?.notifyMembers()
            beforeClosing()
            val readersFree = readerPermits?.drain() ?: true
            writerConn.writer.close()
            writerEngine.close()
            readerEngine?.close()
            readersFree
        } finally {
            writer.unlock(null)
        }
    }

    /** Connections lent right now: the writer when held (not by [ignoredOwner]) plus readers checked out. */
    override fun inUse(ignoredOwner: Any): Int =
        (if (writer.isLocked && !writer.holdsLock(ignoredOwner)) 1 else 0) + (readerEngine?.checkedOutConnections() ?: 0)
}
