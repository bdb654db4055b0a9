package io.kalchemy.coroutines

import io.kalchemy.engine.ExecutionListener
import io.kalchemy.errors.TransactionTimeoutError
import io.micrometer.core.instrument.Counter
import io.micrometer.core.instrument.DistributionSummary
import io.micrometer.core.instrument.Gauge
import io.micrometer.core.instrument.MeterRegistry
import io.micrometer.core.instrument.Tag
import io.micrometer.core.instrument.Tags
import io.micrometer.core.instrument.Timer
import kotlinx.coroutines.CancellationException
import java.util.concurrent.TimeUnit

/**
 * Micrometer meters for one [Database], given to it when it opens:
 * `Database.open(url) { metrics = DatabaseMetrics(registry, Tags.of("db", "orders")) }`.
 * micrometer-core is an optional dependency of kalchemy-coroutines: add it to use this class;
 * nothing else in Kalchemy loads it.
 *
 * The meters, each tagged with [tags]:
 * - `kalchemy.connections.active` (gauge): connections in use ([Database.connectionsInUse]).
 * - `kalchemy.writer.waiting` (gauge): write transactions waiting for SQLite's writer (0 on a pool).
 * - `kalchemy.writer.wait` (timer): from a write transaction's call until it holds SQLite's writer.
 * - `kalchemy.transactions` (counter): ended `transaction {}` calls, tagged `outcome` (`commit` or
 *   `rollback`) and `cause` (`none`; `cancelled`; `timeout`; or the exception's class, such as
 *   `IntegrityError`).
 * - `kalchemy.statements` (timer): each statement's execution, on every connection.
 * - `kalchemy.group.commit.size` (distribution summary): transactions written by each shared
 *   COMMIT ([DatabaseConfig.groupCommit]).
 *
 * Give one instance to one database. Thread-safe: meters are updated from the database's threads.
 */
class DatabaseMetrics @JvmOverloads constructor(
    private val registry: MeterRegistry,
    private val tags: Iterable<Tag> = Tags.empty(),
) {
    private val statements = Timer.builder("kalchemy.statements")
        .description("Statement execution time").tags(tags).register(registry)
    private val writerWait = Timer.builder("kalchemy.writer.wait")
        .description("Time a write transaction waited for the single writer").tags(tags).register(registry)
    private val groupSizes = DistributionSummary.builder("kalchemy.group.commit.size")
        .description("Transactions written by one shared COMMIT").tags(tags).register(registry)
    private val commits = transactions("commit", "none")

    /** Times every statement of the database's engines (installed by [DatabaseConfig]). */
    internal val statementListener: ExecutionListener = object : ExecutionListener {
        override fun afterExecute(sql: String, parameters: List<Any>, elapsedNanos: Long) {
            statements.record(elapsedNanos, TimeUnit.NANOSECONDS)
        }
    }

    private var attached = false

    /** Registers the gauges that read [db]; called once by the database as it opens. */
    @Synchronized
    internal fun attach(db: Database, writersWaiting: () -> Int) {
        check(!attached) { "a DatabaseMetrics belongs to one Database: create one per database (with a tag telling them apart)" }
        attached = true
        Gauge.builder("kalchemy.connections.active", db) { it.connectionsInUse().toDouble() }
            .description("Connections in use").tags(tags).register(registry)
        Gauge.builder("kalchemy.writer.waiting", writersWaiting) { it().toDouble() }
            .description("Write transactions waiting for the single writer").tags(tags).strongReference(true).register(registry)
    }

    internal fun writerAcquired(waitNanos: Long) = writerWait.record(waitNanos, TimeUnit.NANOSECONDS)

    internal fun groupCommitted(size: Int) = groupSizes.record(size.toDouble())

    internal fun committed() = commits.increment()

    internal fun rolledBack(cause: Throwable) = transactions("rollback", causeName(cause)).increment()

    private fun transactions(outcome: String, cause: String): Counter = Counter.builder("kalchemy.transactions")
        .description("Ended transaction {} calls").tags(tags).tag("outcome", outcome).tag("cause", cause).register(registry)

    private fun causeName(cause: Throwable): String = when (cause) {
        is TransactionTimeoutError -> "timeout"
        is CancellationException -> "cancelled"
        else -> cause.javaClass.simpleName
    }
}
