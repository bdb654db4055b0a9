package io.kalchemy.coroutines

import io.kalchemy.engine.Connection
import io.kalchemy.orm.Session
import java.nio.file.Path
import java.util.concurrent.CompletableFuture
import java.util.function.Function

/**
 * [Database] for Java callers: each method runs the given function with the synchronous core
 * [Session] inside a write or read transaction, on the database's own threads, and returns a
 * `CompletableFuture`.
 *
 * **Cancelling** a future asks its transaction to stop; it does not decide the outcome. The future
 * completes with the transaction's value when its work committed (cancellation came after the
 * COMMIT had begun), and as cancelled (`isCancelled()`, `CancellationException`) only when nothing
 * of it was written. `cancel()` therefore returns false unless the future had already been
 * cancelled; wait on the future to learn the outcome.
 *
 * ```java
 * CompletableFuture<Long> n = db.futures().read(s -> s.scalar(select(count()).from(Mapper.of(User.class))));
 * ```
 */
class DatabaseFutures internal constructor(private val db: Database) {
    /** Runs [work] in a write transaction; completes with its result after the commit. */
    fun <T> transaction(work: Function<Session, T>): CompletableFuture<T> =
        db.scope.truthfulFuture { db.transaction { runSync { work.apply(it) } } }

    /**
     * Runs [work] in a write transaction at [isolation] (null: the configured default), running it
     * again up to [retries] times when it fails with a conflict with a concurrent transaction (see
     * [Database.transaction]); [work] must then be safe to run more than once.
     */
    fun <T> transaction(isolation: io.kalchemy.dialect.IsolationLevel?, retries: Int, work: Function<Session, T>): CompletableFuture<T> =
        db.scope.truthfulFuture { db.transaction(isolation = isolation, retries = retries) { runSync { work.apply(it) } } }

    /** Runs [work] in a read transaction (one snapshot, read-only). */
    fun <T> read(work: Function<Session, T>): CompletableFuture<T> =
        db.scope.truthfulFuture { db.read { runSync { work.apply(it) } } }

    /** Creates the tables of the mapped classes that do not exist yet. */
    fun createAll(vararg types: Class<*>): CompletableFuture<Void?> =
        db.scope.truthfulFuture { db.createAll(*types.map { it.kotlin }.toTypedArray()); null }

    /** Upgrades the database to the newest revision in [versions] (see [Database.migrate]); completes with the ids applied. */
    fun migrate(versions: Path): CompletableFuture<List<String>> = db.scope.truthfulFuture { db.migrate(versions) }

    /** Runs [work] with the writer connection outside any transaction (see [Database.outsideTransaction]). */
    fun <T> outsideTransaction(work: Function<Connection, T>): CompletableFuture<T> =
        db.scope.truthfulFuture { db.outsideTransaction { work.apply(it) } }

    /** The health check [Database.ping]; completes with the round-trip time. */
    fun ping(): CompletableFuture<java.time.Duration> =
        db.scope.truthfulFuture { java.time.Duration.ofNanos(db.ping().inWholeNanoseconds) }

    /** Closes the database (see [Database.close]). */
    fun close(): CompletableFuture<Void?> = db.scope.truthfulFuture { db.close(); null }
}
