package io.kalchemy.coroutines

import io.kalchemy.errors.AcquireTimeoutError
import kotlin.coroutines.CoroutineContext
import kotlinx.coroutines.CoroutineName
import kotlinx.coroutines.Job
import kotlinx.coroutines.currentCoroutineContext
import kotlinx.coroutines.sync.Mutex
import kotlinx.coroutines.withTimeoutOrNull

/**
 * The writer's mutex (FIFO) with a bounded wait and a record of who holds it, so a wait that
 * cannot end (a transaction awaiting another that queues behind it, an explicit session never
 * closed) fails with an [AcquireTimeoutError] naming the holder instead of hanging.
 * Safe to call from any coroutine; [unlock] only by the holder.
 */
internal class WriterLock(private val url: String, private val timeoutMillis: Long) {
    private val mutex = Mutex()

    @Volatile
    private var holder: String? = null

    @Volatile
    private var holderContext: CoroutineContext? = null

    @Volatile
    private var heldSince = 0L

    @Volatile
    private var holderOrigin: String? = null

    val isLocked: Boolean get() = mutex.isLocked

    fun holdsLock(owner: Any): Boolean = mutex.holdsLock(owner)

    /**
     * Takes the writer for [what] (a short description such as "transaction {}"), waiting in
     * arrival order at most the acquire timeout.
     *
     * @throws AcquireTimeoutError when the writer stayed held for the whole timeout
     */
    suspend fun lock(owner: Any?, what: String, origin: String? = null) {
        if (!mutex.tryLock(owner)) {
            withTimeoutOrNull(timeoutMillis) { mutex.lock(owner) } ?: throw AcquireTimeoutError(
                "waited $timeoutMillis ms for the writer of $url (acquireTimeoutMillis) for $what; it is held by ${describeHolder()}. " +
                    "A write inside transaction {} that waits for another coroutine's transaction, or an explicit session " +
                    "that was never committed or closed, keeps it forever",
            )
        }
        holder = what
        holderContext = currentCoroutineContext()
        holderOrigin = origin
        heldSince = System.nanoTime()
    }

    /** When the current holder took the writer ([System.nanoTime]), or 0 when nobody holds it; also identifies one holding. */
    fun heldSinceNanos(): Long = if (holder == null) 0L else heldSince

    fun unlock(owner: Any?) {
        holder = null
        holderContext = null
        holderOrigin = null
        mutex.unlock(owner)
    }

    /** Who holds the writer and for how long, for error messages. */
    fun describeHolder(): String {
        val what = holder ?: return "nobody (it was just released)"
        val context = holderContext
        val coroutine = context?.get(CoroutineName)?.name?.let { "coroutine \"$it\"" } ?: context?.get(Job)?.toString() ?: "an unknown coroutine"
        val origin = holderOrigin?.let { ", begun at $it" } ?: ""
        return "$what in $coroutine for ${(System.nanoTime() - heldSince) / 1_000_000} ms$origin"
    }
}
