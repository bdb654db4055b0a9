package io.kalchemy.coroutines

import io.kalchemy.engine.ExecutionListener
import io.kalchemy.errors.AcquireTimeoutError
import io.kalchemy.errors.IntegrityError
import io.kalchemy.errors.InvalidRequestError
import io.kalchemy.orm.Mapper
import io.kalchemy.sql.Sql
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldContainExactly
import io.kotest.matchers.collections.shouldContainExactlyInAnyOrder
import io.kotest.matchers.longs.shouldBeLessThan
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.types.shouldBeInstanceOf
import java.util.concurrent.CountDownLatch
import java.util.concurrent.TimeUnit
import java.util.concurrent.atomic.AtomicReference
import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.CoroutineStart
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.Job
import kotlinx.coroutines.SupervisorJob
import kotlinx.coroutines.TimeoutCancellationException
import kotlinx.coroutines.async
import kotlinx.coroutines.awaitAll
import kotlinx.coroutines.cancel
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.currentCoroutineContext
import kotlinx.coroutines.flow.collect
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.job
import kotlinx.coroutines.launch
import kotlinx.coroutines.withContext
import kotlinx.coroutines.withTimeout

/** Runs [afterCommit] on the writer's thread right after each COMMIT statement has succeeded. */
private class AfterCommit(private val afterCommit: () -> Unit) : ExecutionListener {
    override fun afterExecute(sql: String, parameters: List<Any>, elapsedNanos: Long) {
        if (sql == "COMMIT") afterCommit()
    }
}

/**
 * Holds the writer in a first transaction (its block blocks the writer's thread on a latch) until
 * the [queued] transactions are waiting behind it, then lets it go; returns the outcomes in order.
 */
private suspend fun outcomesOfQueue(
    db: Database,
    first: suspend AsyncSession.() -> Any?,
    vararg queued: suspend AsyncSession.() -> Any?,
): List<Result<Any?>> {
    val scope = CoroutineScope(SupervisorJob() + Dispatchers.Default)
    val latch = CountDownLatch(1)
    val holding = CompletableDeferred<Unit>()
    try {
        val head = scope.async {
            runCatching { db.transaction { first().also { holding.complete(Unit); runSync { latch.await(10, TimeUnit.SECONDS) } } } }
        }
        withTimeout(10_000) { holding.await() }
        val rest = queued.map { q -> scope.async(start = CoroutineStart.UNDISPATCHED) { runCatching { db.transaction { q() } } } }
        latch.countDown()
        // before the fix a group whose last member failed never resumed its earlier members: this timed out
        return withTimeout(10_000) { (listOf(head) + rest).awaitAll() }
    } finally {
        latch.countDown()
        scope.cancel()
    }
}

/**
 * The writer's contract where it does not depend on the kind of database: [MemoryWriterContractSpec]
 * and [FileWriterContractSpec] run it on `:memory:` (one connection for everything) and a WAL file.
 */
abstract class WriterContract(memory: Boolean) : FunSpec({
    timeout = 120_000L

    test("a transaction that suspends keeps the writer: the next one waits its turn") {
        withDatabase(memory = memory) { db ->
            val order = java.util.Collections.synchronizedList(mutableListOf<String>())
            val holding = CompletableDeferred<Unit>()
            val release = CompletableDeferred<Unit>()
            coroutineScope {
                val first = launch {
                    db.transaction {
                        order += "first-start"
                        holding.complete(Unit)
                        release.await()
                        add(CoUser("first@x", "First"))
                        order += "first-end"
                    }
                }
                holding.await()
                val second = launch(start = CoroutineStart.UNDISPATCHED) { db.transaction { order += "second"; select<CoUser>().count() shouldBe 1L } }
                release.complete(Unit)
                first.join()
                second.join()
            }
            order shouldContainExactly listOf("first-start", "first-end", "second")
        }
    }

    test("1,000 concurrent transactions run one at a time on the writer: no SQLITE_BUSY, a plain read-modify-write loses no update") {
        withDatabase(memory = memory) { db ->
            db.transaction { add(Counter("hits", 0)) }
            coroutineScope {
                (1..1000).map {
                    async { db.transaction { getOne<Counter>("hits").value += 1 } }
                }.awaitAll()
            }
            db.read { getOne<Counter>("hits").value } shouldBe 1000L
        }
    }

    test("without group commit (the default) a block may wait for what another caller does after its transaction returns") {
        withDatabase(memory = memory) { db ->
            val signal = CompletableDeferred<Unit>()
            coroutineScope {
                val latch = CountDownLatch(1)
                val holding = CompletableDeferred<Unit>()
                val first = async(Dispatchers.Default) {
                    db.transaction { add(CoUser("a@x", "A")); holding.complete(Unit); runSync { latch.await(10, TimeUnit.SECONDS) } }
                    signal.complete(Unit)
                }
                holding.await()
                val second = async(Dispatchers.Default, start = CoroutineStart.UNDISPATCHED) {
                    db.transaction { add(CoUser("b@x", "B")); signal.await() }
                }
                latch.countDown()
                withTimeout(10_000) { first.await(); second.await() }
            }
            db.read { select(CoUser::email).orderBy(CoUser::id).list() } shouldContainExactly listOf("a@x", "b@x")
        }
    }

    for (grouped in listOf(false, true)) {
        test("a session used after its block returned fails, and writes nothing (group commit $grouped)") {
            withDatabase(memory = memory, configure = { groupCommit = grouped }) { db ->
                val captured = AtomicReference<AsyncSession>()
                val outcomes = outcomesOfQueue(
                    db,
                    { captured.set(this); add(CoUser("a@x", "A")) },
                    {
                        // runs while the first caller may still wait for its group's COMMIT
                        shouldThrow<InvalidRequestError> { captured.get().add(CoUser("leak@x", "Leak")) }.message shouldContain "ended"
                        shouldThrow<InvalidRequestError> { captured.get().flush() }
                        add(CoUser("b@x", "B"))
                    },
                )
                outcomes.forEach { it.getOrThrow() }
                shouldThrow<InvalidRequestError> { captured.get().add(CoUser("late@x", "Late")) }
                shouldThrow<InvalidRequestError> { with(captured.get()) { select<CoUser>().list() } }
                db.read { select(CoUser::email).orderBy(CoUser::id).list() } shouldContainExactly listOf("a@x", "b@x")
            }
        }
    }

    test("a caller cancelled after its COMMIT succeeded gets its value, not a CancellationException") {
        val callerJob = AtomicReference<Job>()
        withDatabase(memory = memory, configure = { listener(AfterCommit { callerJob.get()?.cancel() }) }) { db ->
            val told = AtomicReference<Result<String>>()
            val caller = CoroutineScope(Dispatchers.Default).launch {
                callerJob.set(currentCoroutineContext().job)
                told.set(runCatching { db.transaction { add(CoUser("a@x", "A")); "committed" } })
                callerJob.set(null)
            }
            caller.join()
            caller.isCancelled shouldBe true // it was cancelled, after its COMMIT
            // before the fix the committed transaction reported CancellationException
            told.get().getOrThrow() shouldBe "committed"
            db.read { select(CoUser::email).list() } shouldContainExactly listOf("a@x")
        }
    }

    test("a Java future cancelled after its COMMIT completes with the value; one cancelled before writes nothing") {
        val future = AtomicReference<java.util.concurrent.CompletableFuture<*>>()
        withDatabase(memory = memory, configure = { listener(AfterCommit { future.get()?.cancel(true) }) }) { db ->
            val committed = db.futures().transaction { s -> s.add(CoUser("a@x", "A")); "done" }
            future.set(committed)
            withContext(Dispatchers.IO) { committed.get(10, TimeUnit.SECONDS) } shouldBe "done"
            committed.isCancelled shouldBe false
            future.set(null)

            val started = CountDownLatch(1)
            val release = CountDownLatch(1)
            val cancelled = db.futures().transaction { s ->
                s.add(CoUser("b@x", "B"))
                started.countDown()
                release.await(10, TimeUnit.SECONDS)
                "never"
            }
            withContext(Dispatchers.IO) { started.await(10, TimeUnit.SECONDS) }
            cancelled.cancel(true) shouldBe false // only asks
            release.countDown()
            shouldThrow<java.util.concurrent.CancellationException> { withContext(Dispatchers.IO) { cancelled.get(10, TimeUnit.SECONDS) } }
            cancelled.isCancelled shouldBe true
            db.read { select(CoUser::email).list() } shouldContainExactly listOf("a@x")
        }
    }

    test("a nested transaction {} that throws is undone even when the outer block catches the exception") {
        withDatabase(memory = memory) { db ->
            db.transaction {
                add(CoUser("outer@x", "Outer"))
                runCatching { db.transaction { add(CoUser("inner@x", "Inner")); flush(); throw IllegalStateException("inner fails") } }
                    .exceptionOrNull()!!.message shouldBe "inner fails"
                db.transaction { add(CoUser("kept@x", "Kept")) }
            }
            db.read { select(CoUser::email).orderBy(CoUser::id).list() } shouldContainExactly listOf("outer@x", "kept@x")
        }
    }

    test("40 child coroutines on Dispatchers.Default share the block's session: every add is committed") {
        withDatabase(memory = memory) { db ->
            db.transaction {
                coroutineScope {
                    (1..40).map { i -> launch(Dispatchers.Default) { repeat(25) { j -> add(CoUser("u$i-$j@x", "U")) }; if (i % 4 == 0) flush() } }
                }
            }
            db.read { select<CoUser>().count() } shouldBe 1000L
        }
    }

    test("misuse that would wait for itself fails at once: db.session(), db.shutdown() and the blocking db.close() inside transaction {} or read {}") {
        withDatabase(memory = memory) { db ->
            shouldThrow<InvalidRequestError> { db.transaction { db.session().use { s -> s.begin { add(CoUser("e@x", "E")) } } } }
                .message shouldContain "already holds"
            shouldThrow<InvalidRequestError> { db.transaction { db.shutdown() } }.message shouldContain "shutdown"
            shouldThrow<InvalidRequestError> { db.read { db.shutdown() } }
            shouldThrow<InvalidRequestError> { db.transaction { db.close() } }.message shouldContain "blocks until they finish"
            shouldThrow<InvalidRequestError> { db.read { db.close() } }.message shouldContain "blocks until they finish"
            db.isClosed shouldBe false
            db.transaction { add(CoUser("after@x", "After")) }
            db.read { select<CoUser>().count() } shouldBe 1L
        }
    }

    test("waits that cannot end fail after acquireTimeoutMillis, naming who holds the writer") {
        withDatabase(memory = memory, configure = { acquireTimeoutMillis = 300 }) { db ->
            // a transaction that awaits another launched elsewhere, which queues behind it
            val e = shouldThrow<AcquireTimeoutError> {
                coroutineScope {
                    db.transaction {
                        add(CoUser("a@x", "A"))
                        async(Job() + Dispatchers.Default) { db.transaction { add(CoUser("b@x", "B")) } }.await()
                    }
                }
            }
            e.message shouldContain "transaction {}"
            e.message shouldContain "held by"
            // an explicit session flushed and never closed
            val forgotten = db.session()
            forgotten.add(CoUser("f@x", "F"))
            forgotten.flush()
            shouldThrow<AcquireTimeoutError> { db.transaction { add(CoUser("c@x", "C")) } }.message shouldContain "explicit session"
            forgotten.close()
            db.transaction { add(CoUser("d@x", "D")) }
            db.read { select(CoUser::email).list() } shouldContainExactly listOf("d@x")
        }
    }

    test("db.stream() stops a slow statement when cancelled") {
        withDatabase(memory = memory) { db ->
            db.transaction { (1..2000).forEach { add(CoUser("u$it@x", "U")) } }
            val users = Mapper.of(CoUser::class.java).table()
            val a = Sql.alias(users, "a")
            val b = Sql.alias(users, "b")
            val endless = select(CoUser::email).join(a, Sql.literal(true)).join(b, Sql.literal(true))
                
                // a condition over all three tables: SQLite must try every combination
                .where(Sql.func("max", io.kalchemy.types.SqlTypes.LONG, users.column<Long>("id"), a.get(users.column<Long>("id")), b.get(users.column<Long>("id"))).lt(0L))
            val started = System.nanoTime()
            shouldThrow<TimeoutCancellationException> { withTimeout(300) { db.stream(endless).collect { } } }
            // 2000^3 rows take minutes: returning at all means the statement was interrupted
            ((System.nanoTime() - started) / 1_000_000) shouldBeLessThan 30_000L
            db.connectionsInUse() shouldBe 0
            db.read { select<CoUser>().count() } shouldBe 2000L
        }
    }
})

class MemoryWriterContractSpec : WriterContract(true)

class FileWriterContractSpec : WriterContract(false)

/** What only a file database has: group commit, reader connections, another process's write lock. */
class WriterContractSpec : FunSpec({
    timeout = 120_000L

    for ((label, failure) in listOf<Pair<String, suspend AsyncSession.() -> Any?>>(
        "a business error" to { add(CoUser("b@x", "B")); throw IllegalStateException("business rule") },
        "an IntegrityError" to { add(CoUser("a@x", "duplicate")); flush() },
        "a withTimeout" to { withTimeout(1) { add(CoUser("b@x", "B")); kotlinx.coroutines.delay(10_000) } },
    )) {
        test("group commit: when the last member fails with $label, the earlier members are committed and resumed") {
            withDatabase(configure = { groupCommit = true }) { db ->
                val outcomes = outcomesOfQueue(db, { add(CoUser("a@x", "A")); "first" }, failure)
                outcomes[0].getOrThrow() shouldBe "first"
                outcomes[1].isFailure shouldBe true
                db.read { select(CoUser::email).list() } shouldContainExactly listOf("a@x")
                db.connectionsInUse() shouldBe 0
            }
        }
    }

    test("group commit: cancelling a member that waits for its own caller's predecessor releases that predecessor") {
        withDatabase(configure = { groupCommit = true }) { db ->
            val scope = CoroutineScope(SupervisorJob() + Dispatchers.Default)
            try {
                val latch = CountDownLatch(1)
                val holding = CompletableDeferred<Unit>()
                val signal = CompletableDeferred<Unit>() // sent by the first caller after its transaction returns
                val first = scope.async {
                    db.transaction { add(CoUser("a@x", "A")); holding.complete(Unit); runSync { latch.await(10, TimeUnit.SECONDS) } }
                    signal.complete(Unit)
                }
                withTimeout(10_000) { holding.await() }
                val secondRunning = CompletableDeferred<Unit>()
                val second = scope.launch(start = CoroutineStart.UNDISPATCHED) {
                    // the documented deadlock with group commit: waits for what the first caller does after it returns
                    db.transaction { add(CoUser("b@x", "B")); secondRunning.complete(Unit); signal.await() }
                }
                latch.countDown()
                withTimeout(10_000) { secondRunning.await() }
                second.cancel()
                withTimeout(10_000) { first.await() } // before the fix: hung
                second.join()
                db.read { select(CoUser::email).list() } shouldContainExactly listOf("a@x")
            } finally {
                scope.cancel()
            }
        }
    }

    test("db.stream() inside read {} with every reader taken, and inside transaction {} in memory, streams in that transaction") {
        withDatabase(configure = { readers = 1 }) { db ->
            db.transaction { (1..30).forEach { add(CoUser("u$it@x", "U")) } }
            withTimeout(10_000) { db.read { db.stream(select(CoUser::email), yieldPer = 7).toList() } }.size shouldBe 30
        }
        withDatabase(memory = true) { db ->
            val seen = withTimeout(10_000) {
                db.transaction {
                    add(CoUser("mine@x", "Mine")) // uncommitted: seen because the stream joins this transaction
                    db.stream(select(CoUser::email)).toList()
                }
            }
            seen shouldContainExactly listOf("mine@x")
        }
    }

    test("close() while a stream's collector is suspended fails after the acquire timeout instead of hanging") {
        val db = Database.open("jdbc:sqlite:" + java.nio.file.Files.createTempDirectory("kalchemy-co").resolve("db.sqlite")) {
            readers = 1; acquireTimeoutMillis = 300
        }
        db.createAll(CoUser::class)
        db.transaction { (1..10).forEach { add(CoUser("u$it@x", "U")) } }
        val scope = CoroutineScope(SupervisorJob() + Dispatchers.Default)
        val firstRow = CompletableDeferred<Unit>()
        val never = CompletableDeferred<Unit>()
        val collector = scope.launch { db.stream(select(CoUser::email), yieldPer = 2).collect { firstRow.complete(Unit); never.await() } }
        withTimeout(10_000) { firstRow.await() }
        withTimeout(10_000) { shouldThrow<AcquireTimeoutError> { db.shutdown() } }.message shouldContain "reader"
        db.isClosed shouldBe true
        collector.cancel()
        collector.join()
        scope.cancel()
    }

    test("a transaction's busy timeout is a deadline from when it asked for the writer, not renewed along the queue") {
        withDatabase(configure = { busyTimeoutMillis = 600 }) { db ->
            val other = java.sql.DriverManager.getConnection(db.url) // another process's connection, as far as SQLite knows
            try {
                other.createStatement().execute("BEGIN IMMEDIATE")
                val started = System.nanoTime()
                val outcomes = coroutineScope {
                    (1..6).map { i -> async(start = CoroutineStart.UNDISPATCHED) { runCatching { db.transaction { add(CoUser("u$i@x", "U")) } } } }.awaitAll()
                }
                val elapsed = (System.nanoTime() - started) / 1_000_000
                outcomes.forEach { it.exceptionOrNull().shouldBeInstanceOf<io.kalchemy.errors.OperationalError>().kind() shouldBe io.kalchemy.errors.OperationalError.Kind.BUSY }
                // one busy timeout each, in a row, would be 3.6 s; a deadline each ends them all near 0.6 s
                elapsed shouldBeLessThan 2_400L
            } finally {
                other.createStatement().execute("ROLLBACK")
                other.close()
            }
            db.transaction { add(CoUser("after@x", "After")) }
            db.read { select(CoUser::email).list() } shouldContainExactly listOf("after@x")
        }
    }
})
