package io.kalchemy.coroutines

import io.kalchemy.errors.InvalidRequestError
import io.kalchemy.errors.OperationalError
import io.kalchemy.errors.ResourceClosedError
import io.kalchemy.sql.Sql.text
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldContainExactly
import io.kotest.matchers.collections.shouldHaveSize
import io.kotest.matchers.ints.shouldBeGreaterThan
import io.kotest.matchers.longs.shouldBeLessThan
import io.kotest.matchers.nulls.shouldBeNull
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.types.shouldBeInstanceOf
import java.util.concurrent.Executors
import java.util.concurrent.atomic.AtomicInteger
import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.TimeoutCancellationException
import kotlinx.coroutines.asCoroutineDispatcher
import kotlinx.coroutines.async
import kotlinx.coroutines.awaitAll
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.delay
import kotlinx.coroutines.flow.take
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.launch
import kotlinx.coroutines.withContext
import kotlinx.coroutines.withTimeout
import kotlinx.coroutines.yield

/** A query that runs for a long time unless interrupted (a recursive count to 10^10). */
private val endlessQuery = text("WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 10000000000) SELECT count(*) FROM c")

/** What the coroutine facade promises on every backend: run on `:memory:` ([MemoryDatabaseSpec]) and a WAL file ([FileDatabaseSpec]). */
abstract class DatabaseContract(url: () -> String) : FunSpec({

    test("transaction writes, read reads back with typed queries and property references") {
        withDatabaseAt(url()) { db ->
            val ann = db.transaction {
                val u = CoUser("ann@example.com", "Ann")
                add(u)
                add(CoUser("bob@example.com", "Bob").apply { bio = "likes SQLite" })
                flush()
                add(CoPost(u.id!!, "hello"))
                u
            }
            ann.id shouldBe 1L
            db.read {
                select<CoUser>().where(CoUser::email like "%@example.com").orderBy(CoUser::name.desc()).list().map { it.name } shouldContainExactly
                    listOf("Bob", "Ann")
                select<CoUser>().where(CoUser::id inList listOf(1L, 2L)).list() shouldHaveSize 2
                get<CoUser>(1L)!!.email shouldBe "ann@example.com"
                get<CoUser>(99L).shouldBeNull()
                select(CoUser::bio).orderBy(CoUser::id).list() shouldContainExactly listOf(null, "likes SQLite")
                select<CoUser>().where(CoUser::name eq "Nobody").firstOrNull().shouldBeNull()
                select<CoUser>().where(CoUser::name eq "Ann").single().id shouldBe 1L
                select<CoPost>().join(CoUser::class).where(CoUser::name eq "Ann").single().title shouldBe "hello"
                selectRows(CoUser::name, count(CoPost::id)).leftJoin(CoPost::class).groupBy(CoUser::id).orderBy(CoUser::name).list()
                    .map { it.get(0) to it.get(1) } shouldContainExactly listOf("Ann" to 1L, "Bob" to 0L)
                select<CoUser>().count() shouldBe 2L
            }
        }
    }

    test("ping() reaches the database and gives its connection back; a closed database refuses it") {
        val db = Database.open(url())
        db.ping().isPositive() shouldBe true
        db.connectionsInUse() shouldBe 0
        db.shutdown()
        shouldThrow<ResourceClosedError> { db.ping() }
    }

    test("1,000 concurrent transactions each increment a counter read FOR UPDATE: it ends at 1,000, no update lost") {
        withDatabaseAt(url()) { db ->
            db.transaction { add(Counter("hits", 0)) }
            coroutineScope {
                (1..1000).map {
                    async { db.transaction { select<Counter>().where(Counter::name eq "hits").forUpdate().single().value += 1 } }
                }.awaitAll()
            }
            db.read { getOne<Counter>("hits").value } shouldBe 1000L
        }
    }

    test("cancelling inside a transaction rolls back, frees the writer and leaks no connection") {
        withDatabaseAt(url()) { db ->
            val inside = CompletableDeferred<Unit>()
            coroutineScope {
                val job = launch {
                    db.transaction {
                        add(CoUser("cancel@x", "C"))
                        flush()
                        inside.complete(Unit)
                        delay(60_000)
                    }
                }
                inside.await()
                job.cancel()
                job.join()
            }
            val started = System.nanoTime()
            db.transaction { select<CoUser>().count() } shouldBe 0L
            (System.nanoTime() - started) / 1_000_000 shouldBeLessThan 2_000L
            db.connectionsInUse() shouldBe 0
        }
    }

    test("withTimeout interrupts a long statement inside a transaction; the writer is free at once and committed data stays") {
        withDatabaseAt(url()) { db ->
            db.transaction { add(CoUser("before@x", "Before")) }
            val started = System.nanoTime()
            shouldThrow<TimeoutCancellationException> {
                withTimeout(300) { db.transaction { scalar<Long>(endlessQuery) } }
            }
            (System.nanoTime() - started) / 1_000_000 shouldBeLessThan 5_000L
            db.transaction { add(CoUser("after@x", "After")) }
            db.read { select<CoUser>().orderBy(CoUser::id).list().map { it.email } } shouldContainExactly listOf("before@x", "after@x")
            db.connectionsInUse() shouldBe 0
        }
    }

    test("the caller's dispatcher is never blocked by a query") {
        val single = Executors.newSingleThreadExecutor().asCoroutineDispatcher()
        try {
            withDatabaseAt(url()) { db ->
                withContext(single) {
                    val ticks = AtomicInteger()
                    val ticker = launch { while (true) { ticks.incrementAndGet(); delay(10) } }
                    shouldThrow<TimeoutCancellationException> { withTimeout(500) { db.read { scalar<Long>(endlessQuery) } } }
                    ticker.cancel()
                    ticks.get() shouldBeGreaterThan 10
                }
            }
        } finally {
            single.close()
        }
    }

    test("a body that suspends keeps its transaction; child coroutines share the session") {
        withDatabaseAt(url()) { db ->
            val resume = CompletableDeferred<Unit>()
            coroutineScope {
                val first = async {
                    db.transaction {
                        add(CoUser("first@x", "First"))
                        flush()
                        resume.await() // suspended inside the transaction, on another thread's say-so
                        select<CoUser>().count()
                    }
                }
                launch(kotlinx.coroutines.Dispatchers.Default) { resume.complete(Unit) }
                first.await() shouldBe 1L
            }
            db.transaction {
                coroutineScope { (1..10).map { i -> launch { add(CoUser("child$i@x", "Child$i")); yield(); flush() } } }
            }
            db.read { select<CoUser>().count() } shouldBe 11L
        }
    }

    test("nested transaction joins; savepoint rolls back only its part; read inside transaction sees uncommitted work") {
        withDatabaseAt(url()) { db ->
            db.transaction {
                add(CoUser("outer@x", "Outer"))
                db.transaction { add(CoUser("joined@x", "Joined")) }
                shouldThrow<IllegalStateException> {
                    savepoint {
                        add(CoUser("inner@x", "Inner"))
                        flush()
                        error("undo the inner part")
                    }
                }
                savepoint { add(CoUser("kept@x", "Kept")) }
                db.read { select<CoUser>().count() } shouldBe 3L
                currentSession() shouldBe this
            }
            db.read {
                select(CoUser::name).orderBy(CoUser::name).list() shouldContainExactly listOf("Joined", "Kept", "Outer")
                shouldThrow<InvalidRequestError> { db.transaction { } }.message shouldContain "inside db.read"
                shouldThrow<InvalidRequestError> { add(CoUser("x@x", "X")) }.message shouldContain "read-only"
            }
        }
    }

    test("a failing transaction rolls back everything it wrote") {
        withDatabaseAt(url()) { db ->
            shouldThrow<IllegalStateException> {
                db.transaction {
                    add(CoUser("a@x", "A"))
                    flush()
                    error("boom")
                }
            }
            db.read { select<CoUser>().count() } shouldBe 0L
        }
    }

    test("streams: batches read lazily, early stop and cancellation close the cursor, partitions, own read transaction") {
        withDatabaseAt(url()) { db ->
            db.transaction { (1..5000).forEach { add(CoUser("s$it@x", "S$it")) } }
            db.stream(select<CoUser>().orderBy(CoUser::id), yieldPer = 100).take(3).toList().map { it.id } shouldContainExactly listOf(1L, 2L, 3L)
            db.connectionsInUse() shouldBe 0
            var seen = 0
            db.stream(select<CoUser>()).collect { seen++ }
            seen shouldBe 5000
            db.read {
                select(CoUser::id).partitions(2000).toList().map { it.size } shouldContainExactly listOf(2000, 2000, 1000)
                select<CoUser>().stream(yieldPer = 500).take(10).toList() shouldHaveSize 10
                selectRows(CoUser::id, CoUser::email).orderBy(CoUser::id).stream().take(1).toList().single().get(1) shouldBe "s1@x"
            }
            val escaped = db.read { select<CoUser>().stream() }
            shouldThrow<InvalidRequestError> { escaped.toList() }.message shouldContain "collect its Flows"
            shouldThrow<CancellationException> {
                coroutineScope {
                    launch { db.stream(select<CoUser>(), yieldPer = 10).collect { delay(1) } }
                    delay(50)
                    throw CancellationException("stop")
                }
            }
            db.connectionsInUse() shouldBe 0
        }
    }

    test("explicit session style: db.session().use { s -> s.begin { ... } }") {
        withDatabaseAt(url()) { db ->
            db.session().use { s ->
                s.begin {
                    add(CoUser("explicit@x", "Explicit"))
                }
                val u = s.get<CoUser>(1L)!!
                u.name = "Renamed"
                s.commit()
                s.add(CoUser("rolled@x", "Rolled"))
                s.flush()
                s.rollback()
            }
            db.read { select(CoUser::name).list() } shouldContainExactly listOf("Renamed")
            db.connectionsInUse() shouldBe 0
        }
    }

    test("runSync and withConnection run blocking core code on the transaction's connection") {
        withDatabaseAt(url()) { db ->
            db.transaction {
                add(CoUser("sync@x", "Sync"))
                runSync { s -> s.flush() }
                withConnection { c -> c.executeDriverSql("SELECT count(*) FROM co_users").scalar<Long>() } shouldBe 1L
            }
        }
    }


    test("read {} refuses writes, raw SQL included, and the next transaction writes as usual") {
        withDatabaseAt(url()) { db ->
            db.read {
                shouldThrow<OperationalError> { withConnection { it.executeDriverSql("DELETE FROM co_users") } }.kind() shouldBe
                    OperationalError.Kind.READ_ONLY
            }
            db.transaction { add(CoUser("w@x", "W")) }
            db.read { select<CoUser>().count() } shouldBe 1L
        }
    }
})

/** What differs by backend: WAL readers beside the writer on a file, one serialized connection in memory. */
class DatabaseSpec : FunSpec({
    for ((label, url) in listOf<Pair<String, () -> String>>(
        "file" to { "jdbc:sqlite:" + java.nio.file.Files.createTempDirectory("kalchemy-co").resolve("db.sqlite") },
        "postgresql" to { io.kalchemy.engine.EmbeddedPostgresServer.freshDatabaseUrl() },
    )) test("readers run beside the writer and see only committed data, one snapshot each ($label)") {
        withDatabaseAt(url()) { db ->
            db.transaction { add(Counter("c", 1)) }
            val readerStarted = CompletableDeferred<Unit>()
            val writerCommitted = CompletableDeferred<Unit>()
            coroutineScope {
                val early = async {
                    db.read {
                        val before = getOne<Counter>("c").value
                        readerStarted.complete(Unit)
                        writerCommitted.await()
                        expire(getOne<Counter>("c"))
                        before to scalar<Long>(text("SELECT value FROM co_counters WHERE name = 'c'"))
                    }
                }
                readerStarted.await()
                val uncommitted = CompletableDeferred<Unit>()
                val writer = launch {
                    db.transaction {
                        getOne<Counter>("c").value = 2
                        flush()
                        uncommitted.complete(Unit)
                        delay(100)
                    }
                    writerCommitted.complete(Unit)
                }
                uncommitted.await()
                db.read { scalar<Long>(text("SELECT value FROM co_counters")) } shouldBe 1L // not committed yet
                writer.join()
                early.await() shouldBe (1L to 1L) // its snapshot predates the commit
                db.read { scalar<Long>(text("SELECT value FROM co_counters")) } shouldBe 2L
            }
        }
    }

    test("in-memory databases work: reads and writes are serialized on one connection") {
        withDatabase(memory = true) { db ->
            coroutineScope {
                (1..50).map { i -> async { db.transaction { add(CoUser("m$i@x", "M$i")) } } }.awaitAll()
                (1..20).map { async { db.read { select<CoUser>().count() } } }.awaitAll().toSet() shouldBe setOf(50L)
            }
            db.stream(select<CoUser>(), yieldPer = 7).toList() shouldHaveSize 50
        }
    }

    test("closing waits for running transactions, fails queued ones clearly, and refuses use afterwards") {
        val db = Database.open("jdbc:sqlite:" + java.nio.file.Files.createTempDirectory("kalchemy-close").resolve("db"))
        db.createAll(Counter::class)
        val inside = CompletableDeferred<Unit>()
        coroutineScope {
            val running = async { db.transaction { add(Counter("x", 1)); inside.complete(Unit); delay(200); "done" } }
            inside.await()
            val queued = async { runCatching { db.transaction { add(Counter("y", 2)) } } }
            delay(20)
            db.shutdown()
            running.await() shouldBe "done"
            queued.await().exceptionOrNull().shouldBeInstanceOf<ResourceClosedError>()
        }
        shouldThrow<ResourceClosedError> { db.read { } }.message shouldContain "is closed"
    }

    test("file databases are opened in WAL mode") {
        withDatabase { db -> db.withConnection { c -> c.executeDriverSql("PRAGMA journal_mode").scalar<String>() } shouldBe "wal" }
    }
})

class MemoryDatabaseSpec : DatabaseContract({ "jdbc:sqlite::memory:" })

class FileDatabaseSpec : DatabaseContract({ "jdbc:sqlite:" + java.nio.file.Files.createTempDirectory("kalchemy-co").resolve("db.sqlite") })

class PostgresDatabaseSpec : DatabaseContract({ io.kalchemy.engine.EmbeddedPostgresServer.freshDatabaseUrl() })
