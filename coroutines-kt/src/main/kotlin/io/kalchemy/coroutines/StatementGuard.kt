package io.kalchemy.coroutines

import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.currentCoroutineContext
import kotlinx.coroutines.ensureActive
import kotlinx.coroutines.Job

/**
 * Interrupts a transaction's running statement on cancellation, and only a running one:
 * an interrupt (SQLite's `sqlite3_interrupt`) called between statements could hit the next statement on that connection,
 * so the watcher's [interruptIfRunning] and the calls' [enter]/[exit] are serialized here. A
 * connection that was interrupted is not reused, except an in-memory database's only one.
 *
 * A transaction that runs inside a savepoint of a group commit ([CommitGroup]) is not
 * interruptible: SQLite rolls back the whole transaction when it interrupts a write, which would
 * take the group's earlier, finished transactions with it. Such a transaction sees its
 * cancellation when its running statement returns.
 */
internal class StatementGuard(
    val connection: io.kalchemy.engine.Connection,
    /** False for an in-memory database's one connection: closing it would lose the database, and SQLite leaves it usable. */
    private val invalidateOnInterrupt: Boolean = true,
) {
    private var running = 0
    private var finished = false
    private var interruptible = true

    /** True once a statement was interrupted. */
    @Volatile
    var interrupted = false
        private set

    @Synchronized
    fun enter() {
        running++
    }

    @Synchronized
    fun exit() {
        running--
    }

    @Synchronized
    fun finish() {
        finished = true
    }

    /** Prepares the guard of a kept connection for its next transaction ([interruptible] or not). */
    @Synchronized
    fun reset(interruptible: Boolean = true) {
        running = 0
        finished = false
        this.interruptible = interruptible
    }

    /** Called when the transaction's coroutine is cancelled. */
    @Synchronized
    fun interruptIfRunning() {
        if (interruptible && !finished && running > 0) {
            interrupted = true
            if (invalidateOnInterrupt) connection.invalidate()
            connection.interrupt()
        }
    }

    inline fun <R> guarded(block: () -> R): R {
        enter()
        try {
            return block()
        } finally {
            exit()
        }
    }
}

/**
 * Throws [failure], or the coroutine's cancellation with [failure] suppressed when the coroutine
 * was cancelled: a statement interrupted because we were cancelled reports the cancellation.
 */
internal suspend fun rethrowAfterCancellation(failure: Throwable): Nothing {
    if (failure !is CancellationException) {
        try {
            currentCoroutineContext().ensureActive()
        } catch (c: CancellationException) {
            c.addSuppressed(failure)
            throw c
        }
    }
    throw failure
}

/**
 * Interrupts a statement still running when the coroutine is cancelled (see [StatementGuard]).
 *
 * The watch is a bare child [Job] of the caller's job: cancelling the parent cancels its
 * children at once on the cancelling thread, and a body-less `Job` completes as soon as it is
 * cancelled, so its completion handler runs there too, while the statement still blocks this
 * coroutine's thread. Public API only, so it runs on kotlinx-coroutines 1.8+; it replaced
 * `invokeOnCompletion(onCancelling = true)` (internal API). A watcher *coroutine* per
 * transaction cost about a third of a short transaction's time on the writer
 * (docs/benchmarks.md); this costs one small object.
 */
internal suspend fun <R> interruptingOnCancel(guard: StatementGuard, body: suspend () -> R): R {
    // a Flow collected in `suspend fun main()` runs without a Job: nothing can cancel it, nothing to watch
    val parent = currentCoroutineContext()[Job]
    val watch = if (parent == null) null else Job(parent)
    watch?.invokeOnCompletion { cause -> if (cause != null) guard.interruptIfRunning() }
    try {
        return body()
    } finally {
        guard.finish()
        watch?.complete()
    }
}
