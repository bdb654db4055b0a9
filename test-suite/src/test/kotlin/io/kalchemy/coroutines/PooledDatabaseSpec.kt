package io.kalchemy.coroutines

import io.kalchemy.dialect.IsolationLevel
import io.kalchemy.engine.EmbeddedPostgresServer
import io.kalchemy.errors.AcquireTimeoutError
import io.kalchemy.errors.OperationalError
import io.kalchemy.orm.Entity
import io.kalchemy.orm.Id
import io.kalchemy.sql.Sql.text
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldContainExactly
import io.kotest.matchers.ints.shouldBeGreaterThan
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.string.shouldNotContain
import java.util.concurrent.ConcurrentHashMap
import java.util.concurrent.atomic.AtomicInteger
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.CoroutineStart
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.async
import kotlinx.coroutines.awaitAll
import kotlinx.coroutines.cancelAndJoin
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.launch
import kotlinx.coroutines.withTimeout
import kotlinx.coroutines.yield

@Entity("co_balances")
class CoBalance(@Id var owner: String, var amount: Long)

@Entity("co_jobs")
class CoJob(@Id var id: Long, var takenBy: String? = null)

/** Runs [block] on a fresh PostgreSQL database with the coroutine domain and this spec's tables. */
private suspend fun <R> withPooledDatabase(configure: DatabaseConfig.() -> Unit = {}, block: suspend (Database) -> R): R =
    withDatabaseAt(EmbeddedPostgresServer.freshDatabaseUrl(), configure) { db ->
        db.createAll(CoBalance::class, CoJob::class)
        block(db)
    }

/** A barrier for [parties] coroutines: each [arrive] suspends until all have arrived. */
private class Barrier(private val parties: Int) {
    private val arrived = AtomicInteger()
    private val all = CompletableDeferred<Unit>()
    suspend fun arrive() {
        if (arrived.incrementAndGet() == parties) all.complete(Unit)
        all.await()
    }
}

/**
 * What the coroutine facade does on a database whose transactions run concurrently on a pool
 * ([io.kalchemy.dialect.Capability.CONCURRENT_WRITERS]; PostgreSQL): the concurrency itself,
 * retries on conflicts, isolation levels, row locks, the pool's bounds and cancellation. The
 * single writer's side of these is [WriterContract].
 */
class PooledDatabaseSpec : FunSpec({
    timeout = 120_000L

    test("transactions run concurrently on the pool: two blocks are inside their transactions at the same time") {
        withPooledDatabase { db ->
            val aInside = CompletableDeferred<Unit>()
            val bInside = CompletableDeferred<Unit>()
            withTimeout(30_000) { // on a single writer the second would wait for the first, which waits for it
                coroutineScope {
                    launch { db.transaction { add(CoUser("a@x", "A")); flush(); aInside.complete(Unit); bInside.await() } }
                    launch { db.transaction { add(CoUser("b@x", "B")); flush(); bInside.complete(Unit); aInside.await() } }
                }
            }
            db.read { select(CoUser::email).orderBy(CoUser::email).list() } shouldContainExactly listOf("a@x", "b@x")
            db.connectionsInUse() shouldBe 0
        }
    }

    test("transaction(retries = 3) completes under forced serialization conflicts from concurrent coroutines; totals are conserved") {
        withPooledDatabase { db ->
            db.transaction { add(CoBalance("x", 1000)); add(CoBalance("y", 1000)) }
            val amounts = listOf(10L, 20L, 30L, 40L)
            val barrier = Barrier(amounts.size)
            val attempts = ConcurrentHashMap<Long, AtomicInteger>()
            coroutineScope {
                amounts.map { amount ->
                    async(Dispatchers.Default) {
                        db.transaction(isolation = IsolationLevel.SERIALIZABLE, retries = 3) {
                            val attempt = attempts.computeIfAbsent(amount) { AtomicInteger() }.incrementAndGet()
                            val x = select<CoBalance>().where(CoBalance::owner eq "x").single()
                            val y = select<CoBalance>().where(CoBalance::owner eq "y").single()
                            // every first attempt reads before any writes: all but one must then fail
                            if (attempt == 1) barrier.arrive()
                            x.amount -= amount
                            flush() // x first in every transaction: they queue on its row lock, never deadlock
                            y.amount += amount
                            attempt
                        }
                    }
                }.awaitAll()
            }
            val total = attempts.values.sumOf { it.get() }
            total shouldBeGreaterThan amounts.size // conflicts happened and were retried
            db.read { select<CoBalance>().orderBy(CoBalance::owner).list().map { it.owner to it.amount } } shouldContainExactly
                listOf("x" to 1000L - amounts.sum(), "y" to 1000L + amounts.sum())
        }
    }

    test("without retries the conflict reaches the caller as a retryable OperationalError and only the winner's work is written") {
        withPooledDatabase { db ->
            db.transaction { add(CoBalance("x", 100)) }
            val barrier = Barrier(2)
            val outcomes = coroutineScope {
                listOf(1L, 2L).map { amount ->
                    async(Dispatchers.Default) {
                        runCatching {
                            db.transaction(isolation = IsolationLevel.REPEATABLE_READ) {
                                val x = select<CoBalance>().where(CoBalance::owner eq "x").single()
                                barrier.arrive()
                                x.amount -= amount
                            }
                        }
                    }
                }.awaitAll()
            }
            outcomes.count { it.isSuccess } shouldBe 1
            val failure = outcomes.single { it.isFailure }.exceptionOrNull()!!
            (failure as OperationalError).kind() shouldBe OperationalError.Kind.CONFLICT
            failure.message shouldNotContain "Batch entry" // the server's words, not the driver's batch text with the bound values
            val winner = if (outcomes[0].isSuccess) 1L else 2L
            db.read { getOne<CoBalance>("x").amount } shouldBe 100L - winner
        }
    }

    test("a block that fails with anything but a conflict is not run again") {
        withPooledDatabase { db ->
            val runs = AtomicInteger()
            shouldThrow<IllegalStateException> {
                db.transaction(retries = 5) { runs.incrementAndGet(); add(CoUser("a@x", "A")); flush(); error("not a conflict") }
            }
            runs.get() shouldBe 1
            db.read { select<CoUser>().count() } shouldBe 0L
        }
    }

    test("isolation levels: READ COMMITTED by default, as asked per transaction or in the config; read {} is a READ ONLY snapshot") {
        val show = text("SELECT current_setting('transaction_isolation') || ' ' || current_setting('transaction_read_only')")
        withPooledDatabase { db ->
            db.transaction { scalar<String>(show) } shouldBe "read committed off"
            db.transaction(isolation = IsolationLevel.SERIALIZABLE) { scalar<String>(show) } shouldBe "serializable off"
            db.read { scalar<String>(show) } shouldBe "repeatable read on"
            val refused = shouldThrow<OperationalError> { db.read { execute(text("INSERT INTO co_jobs (id) VALUES (1)")) } }
            refused.kind() shouldBe OperationalError.Kind.READ_ONLY
        }
        withPooledDatabase({ isolation = IsolationLevel.REPEATABLE_READ }) { db ->
            db.transaction { scalar<String>(show) } shouldBe "repeatable read off"
            db.session().use { s -> s.begin { scalar<String>(show) } } shouldBe "repeatable read off"
        }
    }

    test("FOR UPDATE SKIP LOCKED hands each worker other rows; NOWAIT fails at once on a locked row") {
        withPooledDatabase { db ->
            db.transaction { (1L..4L).forEach { add(CoJob(it)) } }
            val locked = CompletableDeferred<Unit>()
            val done = CompletableDeferred<Unit>()
            coroutineScope {
                val first = launch {
                    db.transaction {
                        val mine = select<CoJob>().orderBy(CoJob::id).limit(2).forUpdateSkipLocked().list()
                        mine.map { it.id } shouldContainExactly listOf(1L, 2L)
                        mine.forEach { it.takenBy = "first" }
                        flush()
                        locked.complete(Unit)
                        done.await()
                    }
                }
                locked.await()
                db.transaction {
                    val mine = select<CoJob>().orderBy(CoJob::id).limit(2).forUpdateSkipLocked().list()
                    mine.map { it.id } shouldContainExactly listOf(3L, 4L)
                    mine.forEach { it.takenBy = "second" }
                }
                val busy = shouldThrow<OperationalError> {
                    db.transaction { select<CoJob>().where(CoJob::id eq 1L).forUpdateNowait().single() }
                }
                busy.kind() shouldBe OperationalError.Kind.BUSY
                done.complete(Unit)
                first.join()
            }
            db.read { select<CoJob>().orderBy(CoJob::id).list().map { it.takenBy } } shouldContainExactly listOf("first", "first", "second", "second")
        }
    }

    test("poolSize bounds the connections: a transaction past it waits, then fails after acquireTimeoutMillis naming the pool") {
        withPooledDatabase({ poolSize = 2; acquireTimeoutMillis = 300 }) { db ->
            val holding = Barrier(3)
            val release = CompletableDeferred<Unit>()
            coroutineScope {
                val holders = (1..2).map { launch { db.transaction { holding.arrive(); release.await() } } }
                launch(start = CoroutineStart.UNDISPATCHED) { holding.arrive() }.join()
                db.connectionsInUse() shouldBe 2
                val timedOut = shouldThrow<AcquireTimeoutError> { db.transaction { select<CoUser>().count() } }
                timedOut.message shouldContain "poolSize"
                release.complete(Unit)
                holders.forEach { it.join() }
            }
            db.transaction { select<CoUser>().count() } shouldBe 0L
            db.connectionsInUse() shouldBe 0
        }
    }

    test("cancelling a transaction cancels its running statement on the server, rolls back and returns the connection") {
        withPooledDatabase({ poolSize = 2 }) { db ->
            val running = text("SELECT count(*) FROM pg_stat_activity WHERE query LIKE 'SELECT pg_sleep(60)%' AND state = 'active'")
            coroutineScope {
                val sleeper = launch(Dispatchers.Default) {
                    db.transaction { add(CoUser("gone@x", "Gone")); flush(); execute(text("SELECT pg_sleep(60)")) }
                }
                // wait until the server runs it (a condition, not a guess at how long that takes)
                withTimeout(30_000) { while (db.read { scalar<Long>(running) } != 1L) yield() }
                sleeper.cancelAndJoin()
            }
            db.connectionsInUse() shouldBe 0
            db.read { scalar<Long>(running) } shouldBe 0L
            db.read { select<CoUser>().count() } shouldBe 0L
            db.transaction { add(CoUser("next@x", "Next")) }
            db.read { select(CoUser::email).list() } shouldContainExactly listOf("next@x")
        }
    }

    test("a URL's password never reaches an exception message: a server that cannot be reached, a closed database") {
        val url = "jdbc:postgresql://localhost:1/nowhere?user=app&password=hunter2"
        val db = Database.open(url) { acquireTimeoutMillis = 300 }
        val refused = shouldThrow<OperationalError> { db.transaction { select<CoUser>().count() } }
        refused.kind() shouldBe OperationalError.Kind.CANNOT_OPEN
        refused.message shouldContain "password=***"
        generateSequence<Throwable>(refused) { it.cause }.forEach { (it.message ?: "") shouldNotContain "hunter2" }
        db.shutdown()
        val closed = shouldThrow<io.kalchemy.errors.ResourceClosedError> { db.read { } }
        closed.message shouldContain "password=***"
        closed.message shouldNotContain "hunter2"
    }
})
