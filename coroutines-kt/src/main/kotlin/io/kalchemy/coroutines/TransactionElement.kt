package io.kalchemy.coroutines

import io.kalchemy.errors.InvalidRequestError
import kotlin.coroutines.AbstractCoroutineContextElement
import kotlin.coroutines.CoroutineContext
import kotlinx.coroutines.currentCoroutineContext

/**
 * The session of the transaction a coroutine runs in, carried in its [CoroutineContext] (SQLAlchemy's
 * `async_scoped_session`): nested `transaction {}` and `read {}` calls join it instead of waiting for
 * the writer, and [currentSession] finds it.
 */
internal class TransactionElement(val database: Database, val session: AsyncSession) :
    AbstractCoroutineContextElement(TransactionElement) {
    companion object Key : CoroutineContext.Key<TransactionElement>
}

/**
 * The session of the `transaction {}` or `read {}` this coroutine runs in.
 *
 * @throws InvalidRequestError when called outside one
 */
suspend fun currentSession(): AsyncSession =
    currentCoroutineContext()[TransactionElement]?.session
        ?: throw InvalidRequestError("no current session: call this inside db.transaction {} or db.read {}")

/** The session of the enclosing `transaction {}` or `read {}`, or null outside one. */
suspend fun currentSessionOrNull(): AsyncSession? = currentCoroutineContext()[TransactionElement]?.session
