package io.kalchemy.coroutines

import io.kalchemy.errors.InvalidRequestError
import io.kalchemy.orm.RComment
import io.kalchemy.orm.RPost
import io.kalchemy.orm.RTag
import io.kalchemy.orm.RUser
import io.kalchemy.schema.MetaData
import io.kalchemy.sql.Sql.count
import io.kalchemy.sql.Sql.select
import io.kalchemy.sql.Sql.text
import io.kalchemy.types.SqlTypes
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldContainExactly
import io.kotest.matchers.nulls.shouldBeNull
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import java.nio.file.Files
import java.util.concurrent.atomic.AtomicInteger
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Job
import kotlinx.coroutines.async
import kotlinx.coroutines.channels.Channel
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.launch
import kotlinx.coroutines.withTimeout

/** A live query collected in the background: each emitted value lands in [values]. */
class Observed<T>(scope: CoroutineScope, flow: Flow<T>, onValue: suspend (T) -> Unit = {}) {
    val values = Channel<T>(Channel.UNLIMITED)
    val job: Job = scope.launch {
        flow.collect {
            values.send(it)
            onValue(it)
        }
    }

    /** The next value emitted (failing after 20 s rather than hanging). */
    suspend fun next(): T = withTimeout(20_000) { values.receive() }

    /** A value already emitted and not taken yet, or null. */
    fun emittedSinceLast(): T? = values.tryReceive().getOrNull()
}

/** The number of posts per author, read through a relationship load. */
private suspend fun AsyncSession.postsPerAuthor(): List<Pair<String, Int>> =
    select<RUser>().orderBy(RUser::name).options(selectinLoad(RUser::posts)).list().map { it.name to it.posts.size }

/**
 * Live queries ([Database.observe]) on `:memory:` ([MemoryLiveQuerySpec]), a WAL file
 * ([FileLiveQuerySpec]) and PostgreSQL ([PostgresLiveQuerySpec]); what only SQLite does (other
 * processes, triggers, group commit, fd hygiene) is in [SqliteLiveQuerySpec].
 */
abstract class LiveQueryContract(url: () -> String) : FunSpec({
    timeout = 120_000L

    test("emits the result when collected and again after a commit to a table it read, never an equal result twice") {
        withDatabaseAt(url()) { db ->
            val runs = AtomicInteger()
            coroutineScope {
                val users = Observed(this, db.observe { runs.incrementAndGet(); select<CoUser>().orderBy(CoUser::id).list().map { it.name } })
                users.next() shouldBe emptyList()
                db.transaction { add(CoUser("ann@x", "Ann")) }
                users.next() shouldBe listOf("Ann")
                val before = db.liveQueryStats().invalidations
                db.transaction { select<CoUser>().single().bio = "changed, but not what the query returns" }
                db.liveQueryStats().invalidations shouldBe before + 1 // it read co_users, so it runs again...
                db.transaction { add(CoUser("bob@x", "Bob")) }
                users.next() shouldBe listOf("Ann", "Bob") // ...but the equal result in between was not emitted
                users.job.cancel()
            }
            (runs.get() in 3..4) shouldBe true // 3 when one run covered both commits
            db.liveQueryStats().observers shouldBe 0
        }
    }

    test("a relationship load and raw SQL, read or written, count as what the query read and what the commit changed") {
        withDatabaseAt(url()) { db ->
            db.createAll(RUser::class, RPost::class, RComment::class, RTag::class)
            val annId = db.transaction { RUser("Ann").also { add(it) } }.id!!
            coroutineScope {
                val perAuthor = Observed(this, db.observe { postsPerAuthor() })
                perAuthor.next() shouldBe listOf("Ann" to 0)
                // a raw INSERT into the related table, which the query read only through the relationship load
                db.transaction { execute(text("INSERT INTO r_posts (title, author_id) VALUES ('raw', :a)"), mapOf("a" to annId)) }
                perAuthor.next() shouldBe listOf("Ann" to 1)

                val rawCount = Observed(this, db.observe { scalar<Number>(text("SELECT count(*) FROM r_posts"))!!.toLong() })
                rawCount.next() shouldBe 1L
                db.transaction { add(RPost("mapped").also { it.authorId = annId }) }
                rawCount.next() shouldBe 2L
                perAuthor.next() shouldBe listOf("Ann" to 2)
                perAuthor.job.cancel()
                rawCount.job.cancel()
            }
        }
    }

    test("a commit to another table, a rollback and a rolled-back savepoint do not run it again") {
        withDatabaseAt(url()) { db ->
            val authorId = db.transaction { CoUser("ann@x", "Ann").also { add(it) } }.id!!
            val runs = AtomicInteger()
            coroutineScope {
                val posts = Observed(this, db.observe { runs.incrementAndGet(); select<CoPost>().count() })
                posts.next() shouldBe 0L
                val before = db.liveQueryStats()
                db.transaction { add(Counter("hits", 1)) } // another table
                shouldThrow<IllegalStateException> {
                    db.transaction { add(CoPost(authorId, "rolled back")); flush(); error("no") }
                }
                db.transaction {
                    runCatching { savepoint { add(CoPost(authorId, "undone")); flush(); error("undo the savepoint") } }
                    add(Counter("misses", 1))
                }
                val after = db.liveQueryStats()
                after.commitsHeard shouldBe before.commitsHeard + 2 // the two commits to co_counters, nothing for the rollback
                after.invalidations shouldBe before.invalidations // none of them touched co_posts
                runs.get() shouldBe 1
                db.transaction { add(CoPost(authorId, "kept")) }
                posts.next() shouldBe 1L
                runs.get() shouldBe 2
                posts.emittedSinceLast().shouldBeNull()
                posts.job.cancel()
            }
            db.read { select<CoPost>().list().map { it.title } } shouldContainExactly listOf("kept")
        }
    }

    test("a query of a view runs again after a commit to a table behind the view") {
        withDatabaseAt(url()) { db ->
            db.withConnection {
                it.executeScript("CREATE VIEW co_post_titles AS SELECT p.title AS title, u.name AS author FROM co_posts p JOIN co_users u ON u.id = p.user_id")
            }
            val view = MetaData().table("co_post_titles").also { it.column("title", SqlTypes.TEXT) }
            val authorId = db.transaction { CoUser("ann@x", "Ann").also { add(it) } }.id!!
            coroutineScope {
                val titles = Observed(this, db.observe { scalar<Long>(select(count()).from(view)) })
                titles.next() shouldBe 0L
                db.transaction { add(CoPost(authorId, "through the view")) }
                titles.next() shouldBe 1L
                titles.job.cancel()
            }
        }
    }

    test("a slow collector gets the latest result, not every one in between") {
        withDatabaseAt(url()) { db ->
            val runs = AtomicInteger()
            val gate = CompletableDeferred<Unit>()
            coroutineScope {
                val users = Observed(this, db.observe { runs.incrementAndGet(); select<CoUser>().count() }) { if (it == 0L) gate.await() }
                users.next() shouldBe 0L // the collector now holds the first value until the gate opens
                repeat(3) { i -> db.transaction { add(CoUser("u$i@x", "U$i")) } }
                db.liveQueryStats().invalidations shouldBe 3
                gate.complete(Unit)
                users.next() shouldBe 3L
                runs.get() shouldBe 2
                users.job.cancel()
            }
        }
    }

    test("closing the database completes every live query's Flow; collecting inside a transaction is refused") {
        val db = Database.open(url())
        db.createAll(CoUser::class, CoPost::class, Counter::class, CoAccount::class)
        db.transaction { add(CoUser("ann@x", "Ann")) }
        val started = CompletableDeferred<Unit>()
        coroutineScope {
            val collected = async { db.observe { select<CoUser>().count() }.also { started.complete(Unit) }.toList() }
            val other = Observed(this, db.observe { select<CoPost>().count() })
            other.next() shouldBe 0L
            started.await()
            db.transaction {
                shouldThrow<InvalidRequestError> { db.observe { select<CoUser>().count() }.toList() }.message shouldContain "inside transaction {}"
            }
            db.shutdown()
            withTimeout(20_000) { collected.await() } shouldBe listOf(1L)
            withTimeout(20_000) { other.job.join() }
        }
        db.liveQueryStats().observers shouldBe 0
    }
})

/**
 * Live queries on databases whose reads run beside the writer (a WAL file, PostgreSQL; an
 * in-memory database is one connection, so a commit cannot land while a query reads).
 */
abstract class ReaderLiveQueryContract(url: () -> String) : FunSpec({
    timeout = 120_000L

    test("a commit that lands while a run is reading is not lost: the run's result is followed by a fresh one") {
        withDatabaseAt(url()) { db ->
            val midRun = CompletableDeferred<Unit>()
            val resume = CompletableDeferred<Unit>()
            val runs = AtomicInteger()
            coroutineScope {
                val users = Observed(this, db.observe {
                    val n = select<CoUser>().count() // the snapshot is taken: the commit below is not in it
                    if (runs.incrementAndGet() == 1) {
                        midRun.complete(Unit)
                        resume.await()
                    }
                    n
                })
                midRun.await()
                db.transaction { add(CoUser("ann@x", "Ann")) } // heard while the first run is still open
                resume.complete(Unit)
                users.next() shouldBe 0L
                users.next() shouldBe 1L
                runs.get() shouldBe 2
                users.job.cancel()
            }
        }
    }
})

class FileReaderLiveQuerySpec : ReaderLiveQueryContract({ "jdbc:sqlite:" + Files.createTempDirectory("kalchemy-live").resolve("db.sqlite") })

class PostgresReaderLiveQuerySpec : ReaderLiveQueryContract({ io.kalchemy.engine.EmbeddedPostgresServer.freshDatabaseUrl() })

class MemoryLiveQuerySpec : LiveQueryContract({ "jdbc:sqlite::memory:" })

class FileLiveQuerySpec : LiveQueryContract({ "jdbc:sqlite:" + Files.createTempDirectory("kalchemy-live").resolve("db.sqlite") })

class PostgresLiveQuerySpec : LiveQueryContract({ io.kalchemy.engine.EmbeddedPostgresServer.freshDatabaseUrl() })
