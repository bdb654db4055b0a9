package io.kalchemy.coroutines

import io.kalchemy.orm.WriteTransaction
import java.util.concurrent.CompletableFuture
import kotlinx.coroutines.NonCancellable
import kotlinx.coroutines.future.await
import kotlinx.coroutines.withContext

/**
 * A write transaction that finished on the writer: its [result], and, when it joined a group
 * commit ([io.kalchemy.orm.CommitGroup]), the [ticket] to wait for and the [transaction] to
 * settle once it completes.
 */
internal class FinishedTransaction<R>(
    private val result: R,
    private val transaction: WriteTransaction?,
    private val ticket: CompletableFuture<Throwable?>?,
) {
    /**
     * Waits (not cancellably: the outcome is decided by then) for the group's COMMIT, then
     * returns the result, or throws [io.kalchemy.errors.GroupCommitError] when the group failed.
     */
    suspend fun outcome(): R {
        if (ticket == null || transaction == null) return result
        val failure = withContext(NonCancellable) { ticket.await() }
        transaction.settleJoined(failure)
        return result
    }
}
