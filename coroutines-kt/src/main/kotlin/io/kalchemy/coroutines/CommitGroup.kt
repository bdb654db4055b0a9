package io.kalchemy.coroutines

import io.kalchemy.errors.GroupCommitError
import io.kalchemy.orm.Session
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.NonCancellable
import kotlinx.coroutines.withContext

/**
 * Write transactions that finished their work on the writer and wait for one shared `COMMIT`
 * (group commit): while transactions queue for the writer, a finished one releases the writer
 * with its SQLite transaction still open, the next runs inside a savepoint of the same SQLite
 * transaction, and the last of the queue commits them all. Whoever takes the writer for other
 * work first commits an open group, and a queued transaction that leaves without its turn
 * (cancelled, database closed) queues a task that does.
 * Each caller is resumed only after that `COMMIT`, with its own outcome. Touched only on the
 * writer, under its mutex.
 */
internal class CommitGroup {
    private val members = ArrayList<CompletableDeferred<Throwable?>>()

    /** How many finished transactions wait for this group's COMMIT. */
    val size: Int get() = members.size

    /** Adds a finished transaction; the returned ticket completes with null (committed) or the failure. */
    fun join(): CompletableDeferred<Throwable?> = CompletableDeferred<Throwable?>().also { members += it }

    private var outcome: Throwable? = null

    /** Records the outcome: null when the COMMIT succeeded, else why the shared transaction was lost. */
    fun resolve(failure: Throwable?) {
        outcome = failure
    }

    /** Resumes every waiting transaction with the recorded outcome (after the writer is released, where it can be). */
    fun notifyMembers() = members.forEach { it.complete(outcome) }

    /** Tells every waiting transaction that the COMMIT succeeded. */
    fun committed() {
        resolve(null)
        notifyMembers()
    }

    /** Tells every waiting transaction that the shared transaction was lost, and why. */
    fun failed(cause: Throwable) {
        resolve(cause)
        notifyMembers()
    }
}

/**
 * A write transaction that finished on the writer: its [result], and, when it joined a
 * [CommitGroup], the [ticket] to wait for and the [core] session to settle once it resolves.
 */
internal class FinishedTransaction<R>(
    private val result: R,
    private val core: Session?,
    private val ticket: CompletableDeferred<Throwable?>?,
) {
    /**
     * Waits (not cancellably: the outcome is decided by then) for the group's COMMIT, then
     * returns the result, or throws [GroupCommitError] when the group failed.
     */
    suspend fun outcome(): R {
        if (ticket == null || core == null) return result
        val failure = withContext(NonCancellable) { ticket.await() }
        try {
            if (failure == null) {
                core.afterExternalCommit()
                return result
            }
            core.afterExternalRollback()
            throw GroupCommitError(failure)
        } finally {
            core.close()
        }
    }
}
