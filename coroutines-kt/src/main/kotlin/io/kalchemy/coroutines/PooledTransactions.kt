package io.kalchemy.coroutines

import io.kalchemy.dialect.IsolationLevel
import io.kalchemy.errors.TransactionTimeoutError
import io.kalchemy.orm.PooledTransaction
import java.util.concurrent.ThreadLocalRandom
import java.util.concurrent.atomic.AtomicBoolean
import kotlin.time.Duration
import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.Job
import kotlinx.coroutines.currentCoroutineContext
import kotlinx.coroutines.delay
import kotlinx.coroutines.ensureActive
import kotlinx.coroutines.isActive
import kotlinx.coroutines.job
import kotlinx.coroutines.launch

/**
 * One attempt of `transaction {}` on a pooled connection (a database with concurrent writers):
 * begin at [isolation], run [block], flush, COMMIT; roll back when the block throws or the
 * coroutine is cancelled (a running statement is cancelled on the server). Within [timeout]
 * (waiting for a connection included): the value once the COMMIT has begun, else
 * [TransactionTimeoutError] with nothing written.
 */
internal suspend fun <R> Database.pooledTransaction(timeout: Duration, isolation: IsolationLevel?, block: suspend AsyncSession.() -> R): R {
    val session = AsyncSession(this, writable = true, explicit = false, core = null)
    checkOpen()
    val timedOut = AtomicBoolean()
    // set once the COMMIT returned: from then on the caller is told so, whatever cancels it
    var committed = false
    var result: Any? = null
    try {
        return pool.useConnection(readOnly = false, "transaction {}", TransactionElement(this, session)) { lease ->
            // the limit cancels this inner coroutine only, so the caller is not cancelled and can be told the truth
            val timer = startTimeLimit(timeout, timedOut)
            try {
                val tx = PooledTransaction.begin(sessions, lease.connection, isolation)
                try {
                    session.bind(tx.session(), lease.connection)
                    session.guard = lease.guard
                    val value = interruptingOnCancel(lease.guard) {
                        val v = session.block()
                        lease.guard.guarded { tx.flush() }
                        v
                    }
                    session.end() // from here on the block's session refuses use: its work is decided
                    currentCoroutineContext().ensureActive() // cancelled during the flush: nothing is committed yet
                    tx.commit()
                    result = value
                    committed = true
                    value
                } catch (t: Throwable) {
                    tx.abandon(t)
                    rethrowAfterCancellation(t)
                } finally {
                    session.end()
                    tx.close()
                }
            } finally {
                timer?.cancel(null)
            }
        }
    } catch (c: CancellationException) {
        // cancelled after its COMMIT: the caller is told the truth, its value; it sees the
        // cancellation at its next suspension point
        @Suppress("UNCHECKED_CAST")
        if (committed) return result as R
        if (timedOut.get() && currentCoroutineContext().isActive) {
            throw TransactionTimeoutError(
                "the transaction did not reach its COMMIT within $timeout (waiting for a connection included); it was rolled back and nothing of it was written",
            )
        }
        throw c
    }
}

/**
 * Starts the time limit of a transaction attempt: after [timeout] it sets [timedOut] and cancels
 * the calling coroutine (the transaction's inner one, so the caller is not cancelled and can be
 * told the truth). Null for an infinite limit; cancel the returned job when the attempt ends.
 */
internal suspend fun Database.startTimeLimit(timeout: Duration, timedOut: AtomicBoolean): Job? {
    if (timeout.isInfinite()) return null
    val inner = currentCoroutineContext().job
    return scope.launch {
        delay(timeout)
        timedOut.set(true)
        inner.cancel(CancellationException("transaction time limit of $timeout passed"))
    }
}

/** Milliseconds to wait before the [attempt]th re-run after a conflict: exponential from 5 ms up to 1 s, with full jitter. */
internal fun retryBackoffMillis(attempt: Int): Long {
    val ceiling = minOf(1000L, 5L shl minOf(attempt, 8))
    return ThreadLocalRandom.current().nextLong(1, ceiling + 1)
}
