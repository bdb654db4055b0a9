package io.kalchemy.coroutines

import io.kalchemy.errors.AcquireTimeoutError
import kotlinx.coroutines.sync.Semaphore
import kotlinx.coroutines.withTimeoutOrNull

/**
 * One permit per pooled connection, with a bounded wait: when every connection stays in use for
 * the whole acquire timeout (a Flow from `db.stream()` whose collector stopped, blocks that wait
 * for each other) the waiter fails with an [AcquireTimeoutError] instead of hanging. Taken
 * before a connection, so no thread ever blocks waiting for one.
 */
internal class ConnectionPermits(
    private val url: String,
    private val count: Int,
    private val timeoutMillis: Long,
    /** What the connections are, for the message: "reader connections", "pooled connections". */
    private val kind: String,
    /** Who holds them, for the message. */
    private val holders: String,
) {
    private val permits = Semaphore(count)

    /** @throws AcquireTimeoutError when no connection came free within the timeout */
    suspend fun acquire(what: String) {
        if (permits.tryAcquire()) return
        withTimeoutOrNull(timeoutMillis) { permits.acquire() } ?: throw AcquireTimeoutError(
            "waited $timeoutMillis ms for one of the $count $kind of $url (acquireTimeoutMillis) for $what; all stayed in use by $holders",
        )
    }

    fun release() = permits.release()

    /** Takes every permit (closing), waiting at most the timeout in all; false when some stayed in use. */
    suspend fun drain(): Boolean = withTimeoutOrNull(timeoutMillis) { repeat(count) { permits.acquire() }; true } ?: false
}
