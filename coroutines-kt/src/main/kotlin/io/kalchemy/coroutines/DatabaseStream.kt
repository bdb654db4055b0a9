package io.kalchemy.coroutines

import io.kalchemy.orm.ReadTransaction
import kotlinx.coroutines.NonCancellable
import kotlinx.coroutines.currentCoroutineContext
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.emitAll
import kotlinx.coroutines.flow.flow
import kotlinx.coroutines.withContext

/**
 * The Flow behind [Database.stream]: its own read transaction on a reader (the writer, in memory),
 * held while it is collected; inside `read {}` or `transaction {}` it streams in that transaction.
 */
internal fun <T> Database.streamOf(query: TypedSelect<T>, yieldPer: Int): Flow<T> = flow {
    val current = currentCoroutineContext()[TransactionElement]
    if (current != null && current.database === this@streamOf) {
        // collected inside read {} or transaction {}: stream in that transaction (its reader or the
        // writer) instead of waiting for another connection this coroutine may itself be holding
        emitAll(with(current.session) { query.stream(yieldPer) })
        return@flow
    }
    checkOpen()
    val lease = pool.acquire(readOnly = true, "db.stream() (until its Flow completes)", null)
    try {
        val dispatcher = pool.dispatcher(readOnly = !lease.isWriter)
        val guard = lease.guard
        val tx = withContext(dispatcher) { ReadTransaction.begin(sessions, lease.connection, false, !lease.readOnly) }
        val core = tx.session()
        try {
            // a slow statement is interrupted when the collector is cancelled, as in read {}
            interruptingOnCancel(guard) {
                @Suppress("UNCHECKED_CAST")
                val batches = withContext(dispatcher) {
                    guard.guarded {
                        if (query.wholeRows) core.streamRows(query.statement, yieldPer) else core.stream<Any>(query.statement, yieldPer)
                    }
                }
                try {
                    while (true) {
                        val batch = withContext(dispatcher) { guard.guarded { batches.next() } }
                        if (batch.isEmpty()) break
                        for (item in batch) emit(item as T)
                    }
                } finally {
                    withContext(NonCancellable + dispatcher) { batches.close() }
                }
            }
        } catch (t: Throwable) {
            rethrowAfterCancellation(t)
        } finally {
            withContext(NonCancellable + dispatcher) { tx.close() }
        }
    } finally {
        pool.release(lease, null)
    }
}
