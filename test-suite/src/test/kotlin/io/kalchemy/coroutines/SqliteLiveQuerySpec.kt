package io.kalchemy.coroutines

import io.kalchemy.reliability.ReliabilityScale
import io.kalchemy.sql.Sql.text
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.ints.shouldBeLessThanOrEqual
import io.kotest.matchers.longs.shouldBeGreaterThanOrEqual
import io.kotest.matchers.longs.shouldBeLessThanOrEqual
import io.kotest.matchers.shouldBe
import java.io.File
import java.nio.file.Files
import java.sql.DriverManager
import java.util.concurrent.CountDownLatch
import java.util.concurrent.TimeUnit
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.CoroutineStart
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.async
import kotlinx.coroutines.awaitAll
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.delay
import kotlinx.coroutines.joinAll
import kotlinx.coroutines.launch
import kotlinx.coroutines.withContext
import kotlinx.coroutines.withTimeout

/** A separate process writing to a Kalchemy database file with the plain driver: `<file> <counter name>`. */
object LiveQueryChildWriter {
    @JvmStatic
    fun main(args: Array<String>) {
        DriverManager.getConnection("jdbc:sqlite:" + args[0]).use { c ->
            c.createStatement().use { it.execute("PRAGMA busy_timeout = 10000") }
            c.prepareStatement("INSERT INTO co_counters (name, value) VALUES (?, 1)").use { it.setString(1, args[1]); it.executeUpdate() }
        }
    }
}

private fun openFds(): Int = File("/proc/self/fd").list()?.size ?: 0

/** Waits (polling, at most 20 s) until [condition] holds: for the poller, which runs on its own clock. */
private suspend fun eventually(condition: () -> Boolean) {
    withTimeout(20_000) {
        while (!condition()) delay(10)
    }
}

/** What only SQLite does for live queries: other processes' commits, triggers, group commit; and no leak. */
class SqliteLiveQuerySpec : FunSpec({
    timeout = 180_000L

    test("a commit by another process, or another Database on the same file, wakes the query; its own commits are not taken for them") {
        val path = Files.createTempDirectory("kalchemy-live").resolve("db.sqlite")
        withDatabaseAt("jdbc:sqlite:$path", { changePollMillis = 20 }) { db ->
            coroutineScope {
                val counters = Observed(this, db.observe { select<Counter>().orderBy(Counter::name).list().map { it.name } })
                counters.next() shouldBe emptyList()

                db.transaction { add(Counter("own", 1)) }
                counters.next() shouldBe listOf("own")
                val checks = db.liveQueryStats().externalChecks
                eventually { db.liveQueryStats().externalChecks >= checks + 3 }
                db.liveQueryStats().externalChanges shouldBe 0 // the writer's data_version does not move for its own commits

                val child = ReliabilityScale.childJvm(LiveQueryChildWriter::class.java.name, path.toString(), "child")
                withContext(Dispatchers.IO) { child.waitFor(60, TimeUnit.SECONDS) } shouldBe true
                child.exitValue() shouldBe 0
                counters.next() shouldBe listOf("child", "own")
                db.liveQueryStats().externalChanges shouldBeGreaterThanOrEqual 1

                val other = Database.open("jdbc:sqlite:$path")
                try {
                    other.transaction { add(Counter("other", 1)) }
                } finally {
                    other.shutdown()
                }
                counters.next() shouldBe listOf("child", "other", "own")
                counters.job.cancel()
            }
        }
    }

    test("rows a trigger or a foreign-key action changes in another table count as changed by the commit") {
        withDatabase { db ->
            db.withConnection {
                it.executeScript(
                    """
                    CREATE TABLE audit (id INTEGER PRIMARY KEY, what TEXT NOT NULL);
                    CREATE TRIGGER co_users_audit AFTER INSERT ON co_users BEGIN INSERT INTO audit (what) VALUES ('user ' || new.name); END;
                    """.trimIndent(),
                )
            }
            val annId = db.transaction { CoUser("ann@x", "Ann").also { add(it) } }.id!!
            db.transaction { add(CoPost(annId, "first")) }
            coroutineScope {
                val audit = Observed(this, db.observe { scalars<String>(text("SELECT what FROM audit ORDER BY id")) })
                audit.next() shouldBe listOf("user Ann")
                val posts = Observed(this, db.observe { select<CoPost>().count() })
                posts.next() shouldBe 1L
                db.transaction { add(CoUser("bob@x", "Bob")) } // the query of audit never named co_users
                audit.next() shouldBe listOf("user Ann", "user Bob")
                db.transaction { delete(get<CoUser>(annId)!!) } // ON DELETE CASCADE removes Ann's post
                posts.next() shouldBe 0L
                audit.job.cancel()
                posts.job.cancel()
            }
        }
    }

    test("a group commit of several writers is one notification and one new result") {
        withDatabase(configure = { groupCommit = true }) { db ->
            coroutineScope {
                val users = Observed(this, db.observe { select<CoUser>().count() })
                users.next() shouldBe 0L
                val before = db.liveQueryStats()
                val holding = CompletableDeferred<Unit>()
                val latch = CountDownLatch(1)
                val first = async(Dispatchers.Default) {
                    db.transaction {
                        add(CoUser("a@x", "A"))
                        holding.complete(Unit)
                        runSync { latch.await() } // keeps the writer's thread until the others queued
                    }
                }
                holding.await()
                val queued = (1..3).map { i -> async(Dispatchers.Default, start = CoroutineStart.UNDISPATCHED) { db.transaction { add(CoUser("q$i@x", "Q$i")) } } }
                latch.countDown()
                withTimeout(20_000) { (queued + first).awaitAll() }
                val after = db.liveQueryStats()
                after.commitsHeard shouldBe before.commitsHeard + 1
                after.invalidations shouldBe before.invalidations + 1
                users.next() shouldBe 4L
                users.emittedSinceLast() shouldBe null
                users.job.cancel()
            }
        }
    }

    test("rounds of 1,000 live queries cancelled leave no reader, observer, poller or file descriptor behind") {
        withDatabase(configure = { changePollMillis = 10 }) { db ->
            suspend fun round() = coroutineScope {
                val observed = (1..1000).map { i -> Observed(this, db.observe { select<CoUser>().where(CoUser::id eq i.toLong()).count() }) }
                observed.forEach { it.next() shouldBe 0L }
                db.liveQueryStats().observers shouldBe 1000
                observed.map { it.job.also { j -> j.cancel() } }.joinAll()
            }
            round()
            db.liveQueryStats().observers shouldBe 0
            db.connectionsInUse() shouldBe 0
            val fds = openFds()
            repeat(3) {
                round()
                db.liveQueryStats().observers shouldBe 0
                db.connectionsInUse() shouldBe 0
            }
            // 3,000 more observers: a connection (3 descriptors with WAL) leaked per round, let alone per
            // observer, exceeds this; the slack is for descriptors other work in this JVM opens meanwhile
            openFds() shouldBeLessThanOrEqual fds + 4
            // nothing listens or polls once the last query is gone
            val stats = db.liveQueryStats()
            db.transaction { add(CoUser("late@x", "Late")) }
            delay(200) // twenty poll intervals
            db.liveQueryStats().commitsHeard shouldBe stats.commitsHeard
            db.liveQueryStats().externalChecks shouldBeLessThanOrEqual stats.externalChecks + 1 // at most one poll was already under way
        }
    }
})
