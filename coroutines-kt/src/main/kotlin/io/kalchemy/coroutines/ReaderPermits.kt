package io.kalchemy.coroutines

import io.kalchemy.errors.AcquireTimeoutError
import kotlinx.coroutines.sync.Semaphore
import kotlinx.coroutines.withTimeoutOrNull

/**
 * One permit per reader connection, with a bounded wait: when every reader stays in use for the
 * whole acquire timeout (a Flow from `db.stream()` whose collector stopped, reads that wait for
 * each other) the waiter fails with an [AcquireTimeoutError] instead of hanging.
 */
internal class ReaderPermits(private val url: String, private val readers: Int, private val timeoutMillis: Long) {
    private val permits = Semaphore(readers)

    /** @throws AcquireTimeoutError when no reader came free within the timeout */
    suspend fun acquire(what: String) {
        if (permits.tryAcquire()) return
        withTimeoutOrNull(timeoutMillis) { permits.acquire() } ?: throw AcquireTimeoutError(
            "waited $timeoutMillis ms for one of the $readers reader connections of $url (acquireTimeoutMillis) for $what; " +
                "all stayed in use by read {} blocks and db.stream() Flows (a Flow holds its reader until it is collected " +
                "to the end or cancelled)",
        )
    }

    fun release() = permits.release()

    /** Takes every permit (closing), waiting at most the timeout in all; false when some stayed in use. */
    suspend fun drain(): Boolean = withTimeoutOrNull(timeoutMillis) { repeat(readers) { permits.acquire() }; true } ?: false
}
