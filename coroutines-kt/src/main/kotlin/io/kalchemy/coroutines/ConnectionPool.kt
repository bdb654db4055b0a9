package io.kalchemy.coroutines

import io.kalchemy.engine.Connection
import kotlin.coroutines.CoroutineContext
import kotlinx.coroutines.CoroutineDispatcher

/**
 * Where every connection of a [Database] comes from, as Room's `ConnectionPool`:
 * [useConnection] with `readOnly` true or false, or [acquire]/[release] for work that outlives
 * one block (a stream's Flow, an explicit session). Two kinds, chosen by the dialect's
 * [io.kalchemy.dialect.Capability.CONCURRENT_WRITERS]: [SingleWriterPool] (SQLite: one writer,
 * WAL readers, group commit) and [ConcurrentPool] (PostgreSQL: any connection reads or writes).
 *
 * Blocking work runs on the lease's dispatcher ([dispatcher]). Safe to call from any coroutine;
 * the owner passed to [acquire] is the one that must [release].
 */
internal interface ConnectionPool {
    /**
     * A connection lent to one holder, with the guard that interrupts its statements on
     * cancellation. [isWriter]: it is the single writer (reads on it see uncommitted work of no
     * one else, so they need no snapshot pinned); [readOnly]: the connection itself refuses
     * writes (a reader), so a read transaction need not forbid them.
     */
    class Lease(val connection: Connection, val guard: StatementGuard, val isWriter: Boolean, val readOnly: Boolean)

    /** True when reads and writes share one connection (an in-memory database). */
    val singleConnection: Boolean

    /** What the connections lent for reads are, for messages: "a reader connection", "a pooled connection". */
    val lentConnection: String

    /** The dispatcher a lease of this kind runs its blocking work on. */
    fun dispatcher(readOnly: Boolean): CoroutineDispatcher

    /** True while the calling thread runs a task of this pool's dispatchers (inside a transaction or read of it). */
    fun runsOnCurrentThread(): Boolean

    /**
     * Runs [block] with a connection on its dispatcher (plus [context]), then gives the connection
     * back on every path, cancellation included.
     *
     * @throws io.kalchemy.errors.AcquireTimeoutError when no connection of that kind came free within the acquire timeout
     */
    suspend fun <R> useConnection(readOnly: Boolean, what: String, context: CoroutineContext, block: suspend (Lease) -> R): R

    /**
     * Takes a connection for [owner] until [release] (or [releaseHeld]).
     *
     * @throws io.kalchemy.errors.AcquireTimeoutError when no connection of that kind came free within the acquire timeout
     */
    suspend fun acquire(readOnly: Boolean, what: String, owner: Any?): Lease

    /** Gives back what [acquire] lent to [owner]. */
    suspend fun release(lease: Lease, owner: Any?)

    /** True when [owner] holds a writing connection taken with [acquire]. */
    fun holds(owner: Any): Boolean

    /** Gives back the writing connection [owner] holds, after [beforeRelease] (on its dispatcher, not cancellable). */
    suspend fun releaseHeld(owner: Any?, beforeRelease: () -> Unit)

    /**
     * Closes every connection after [beforeClosing], waiting at most the acquire timeout for lent
     * ones; false when some stayed in use (they are closed when given back).
     */
    suspend fun close(beforeClosing: () -> Unit): Boolean

    /** Connections lent right now, not counting one [ignoredOwner] holds. */
    fun inUse(ignoredOwner: Any): Int
}
