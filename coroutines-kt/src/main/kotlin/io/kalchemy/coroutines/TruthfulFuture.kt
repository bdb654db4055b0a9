package io.kalchemy.coroutines

import java.util.concurrent.CompletableFuture
import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Job
import kotlinx.coroutines.launch

/**
 * A `CompletableFuture` for Java callers that tells the truth about a transaction's outcome.
 * [cancel] only asks the transaction to stop: the future then completes with the value when the
 * work committed anyway (the COMMIT had begun), or as cancelled when nothing of it was written.
 * So `cancel` returns false unless the future was already cancelled, and `isCancelled()` is true
 * only for work that was not committed.
 */
internal class TruthfulFuture<T> : CompletableFuture<T>() {
    @Volatile
    internal var job: Job? = null

    /**
     * Asks the running transaction to stop; the future completes later with its true outcome.
     *
     * @return true only if the future was already cancelled
     */
    override fun cancel(mayInterruptIfRunning: Boolean): Boolean {
        if (isDone) return isCancelled
        job?.cancel(null)
        return false
    }

    internal fun cancelNow() {
        super.cancel(false)
    }
}

/** Runs [block] in this scope and returns a [TruthfulFuture] of its outcome. */
internal fun <T> CoroutineScope.truthfulFuture(block: suspend () -> T): CompletableFuture<T> {
    val future = TruthfulFuture<T>()
    val job = launch {
        try {
            future.complete(block())
        } catch (c: CancellationException) {
            future.cancelNow()
        } catch (t: Throwable) {
            future.completeExceptionally(t)
        }
    }
    job.invokeOnCompletion { if (!future.isDone) future.cancelNow() } // cancelled before it started
    future.job = job
    return future
}
