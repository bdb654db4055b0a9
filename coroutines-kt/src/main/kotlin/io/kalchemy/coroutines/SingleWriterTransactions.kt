package io.kalchemy.coroutines

import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.currentCoroutineContext
import kotlinx.coroutines.ensureActive
import kotlinx.coroutines.isActive
import kotlinx.coroutines.withContext
import java.util.concurrent.atomic.AtomicBoolean
import kotlin.time.Duration

/**
 * A write transaction on SQLite's single writer (see [Database.transaction]): waits its turn on the
 * writer's dispatcher and lock, runs [writeOnWriter], and tells the caller the truth when it is
 * cancelled after its COMMIT or after handing its work to a group. Called only by [Database.transaction].
 */
internal suspend fun <R> Database.writeTransaction(timeout: Duration, block: suspend AsyncSession.() -> R): R {
    val pool = single!!
    val session = AsyncSession(this, writable = true, explicit = false, core = null)
    checkOpen()
    val askedAt = System.nanoTime()
    // counted from here, not from the mutex: the others wait in the writer dispatcher's queue first
    val waiting = AtomicBoolean(true)
    var ran = false
    var finished: FinishedTransaction<R>? = null
    val timedOut = AtomicBoolean()
    if (writersWaiting.incrementAndGet() > 1 || pool.writer.isLocked) watchdog?.waiterArrived()
    val origin = if (config.traceWriterOrigins) WriterWatchdog.callerOrigin() else null
    try {
        withContext(pool.writerDispatcher + TransactionElement(this, session)) {
            // the limit cancels this inner coroutine only, so the caller is not cancelled and can be told the truth
            val timer = startTimeLimit(timeout, timedOut)
            try {
                try {
                    pool.lockWriter(null, "transaction {}", origin)
                    metrics?.writerAcquired(System.nanoTime() - askedAt)
                } finally {
                    if (waiting.getAndSet(false)) writersWaiting.decrementAndGet()
                }
                try {
                    ran = true
                    finished = writeOnWriter(session, block, askedAt)
                } finally {
                    pool.unlockWriter(null)
                }
            } finally {
                timer?.cancel(null)
            }
        }
    } catch (c: CancellationException) {
        // cancelled after its COMMIT (or after handing its work to a group): the caller is told the
        // truth, its value; it sees the cancellation at its next suspension point
        val done = finished
        if (done != null) return done.outcome()
        if (timedOut.get() && currentCoroutineContext().isActive) {
            throw io.kalchemy.errors.TransactionTimeoutError(
                "the transaction did not reach its COMMIT within $timeout (waiting for the writer included); it was rolled back and nothing of it was written",
            )
        }
        throw c
    } finally {
        if (waiting.getAndSet(false)) writersWaiting.decrementAndGet()
        // a group may have been left open for this transaction (it was counted as next): settle it
        if (!ran && writerConn.writer.hasOpenGroup()) settleRequests.trySend(Unit)
    }
    return finished!!.outcome()
}

/**
 * On the writer, under its mutex: runs one write transaction through the core's
 * [io.kalchemy.orm.WriteTransaction] (begin, flush, commit or join the open group, or abandon),
 * deciding only what cancellation does between those steps: interrupt a running statement,
 * and commit nothing once cancelled before the COMMIT decision.
 */
private suspend fun <R> Database.writeOnWriter(session: AsyncSession, block: suspend AsyncSession.() -> R, askedAt: Long): FinishedTransaction<R> {
    val tx = writerConn.writer.newTransaction()
    val guard = writerConn.guardOf(tx.connection())
    guard.reset(interruptible = !tx.inGroup())
    var joined = false
    try {
        session.bind(tx.begin(askedAt), tx.connection())
        session.guard = guard
        val result = interruptingOnCancel(guard) { session.block() }
        currentCoroutineContext().ensureActive() // cancelled during a statement that was not interruptible
        tx.flush()
        session.end() // from here on the block's session refuses use: its work is decided
        currentCoroutineContext().ensureActive() // cancelled during the flush: nothing is committed yet
        val ticket = tx.commitOrJoin { writersWaiting.get() > 0 }
        joined = ticket != null
        return FinishedTransaction(result, if (joined) tx else null, ticket)
    } catch (t: Throwable) {
        tx.abandon(t, writersWaiting.get() == 0)
        rethrowAfterCancellation(t)
    } finally {
        session.end()
        if (!joined) tx.close()
        writerConn.dropIfInvalid()
    }
}
