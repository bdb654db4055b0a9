package io.kalchemy.coroutines

import io.kalchemy.engine.Connection
import io.kalchemy.orm.Session
import java.nio.file.Path
import java.util.concurrent.CompletableFuture
import java.util.function.Consumer
import java.util.function.Function
import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.Job
import kotlinx.coroutines.launch

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

    /**
     * A live query ([Database.observe]) for Java: runs [work] in a read transaction now, and again
     * after every commit that may have changed what it read, calling [onValue] with each value that
     * differs from the last (on a database thread, one call at a time; keep it short). When a run
     * fails, [onError] is called once and the query stops. Closing the returned handle stops it
     * (and frees its reader once the current run ends); closing the database stops it too.
     *
     * ```java
     * try (LiveQuery q = db.futures().observe(s -> s.scalar(countQuery), n -> System.out.println(n), Throwable::printStackTrace)) { ... }
     * ```
     */
    fun <T> observe(work: Function<Session, T>, onValue: Consumer<in T>, onError: Consumer<in Throwable>): LiveQuery {
        val job = db.scope.launch {
            try {
                db.observe { runSync { work.apply(it) } }.collect { onValue.accept(it) }
            } catch (c: CancellationException) {
                throw c
            } catch (t: Throwable) {
                onError.accept(t)
            }
        }
        return LiveQuery(job)
    }

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

    /** Closes the database without blocking (see [Database.shutdown]); [Database.close] is the blocking form. */
    fun close(): CompletableFuture<Void?> = db.scope.truthfulFuture { db.shutdown(); null }
}

/**
 * A live query started from Java ([DatabaseFutures.observe]). [close] stops it and returns at
 * once; [stopped] completes when its collection has ended and its reader is back. Thread-safe.
 */
class LiveQuery internal constructor(private val job: Job) : AutoCloseable {
    /** Completes (normally) when the query has stopped: closed, failed, or its database closed. */
    val stopped: CompletableFuture<Void?> = CompletableFuture<Void?>().also { f -> job.invokeOnCompletion { f.complete(null) } }

    /** Stops the query; idempotent, never blocks. */
    override fun close() {
        job.cancel(null)
    }
}
