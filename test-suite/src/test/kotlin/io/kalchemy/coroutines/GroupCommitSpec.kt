package io.kalchemy.coroutines

import io.kalchemy.engine.ExecutionListener
import io.kalchemy.errors.GroupCommitError
import io.kalchemy.errors.IntegrityError
import io.kalchemy.errors.InvalidRequestError
import io.kalchemy.errors.ResourceClosedError
import io.kalchemy.orm.Entity
import io.kalchemy.orm.Id
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldContain
import io.kotest.matchers.collections.shouldContainExactly
import io.kotest.matchers.nulls.shouldBeNull
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.types.shouldBeInstanceOf
import java.util.concurrent.CountDownLatch
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.CoroutineStart
import kotlinx.coroutines.Deferred
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.SupervisorJob
import kotlinx.coroutines.async
import kotlinx.coroutines.cancel
import kotlinx.coroutines.delay
import kotlinx.coroutines.launch
import kotlinx.coroutines.withTimeout

@Entity("gc_parents")
class GcParent(@Id var id: Long)

@Entity("gc_children")
class GcChild(@Id var id: Long, var parentId: Long)

/** Counts the statements a database runs, by their SQL text. */
private class StatementCounter : ExecutionListener {
    private val statements = java.util.concurrent.ConcurrentLinkedQueue<String>()

    override fun beforeExecute(sql: String, parameters: List<Any>) {
        statements += sql
    }

    fun reset() = statements.clear()

    fun count(predicate: (String) -> Boolean): Int = statements.count(predicate)

    val commits: Int get() = count { it == "COMMIT" }
    val savepoints: Int get() = count { it.startsWith("SAVEPOINT") }
}

/** A first transaction that holds the writer's thread (blocked on a latch) until [release]; [first] is its caller's outcome. */
private class HeldWriter<T>(val first: Deferred<Result<T>>, private val latch: CountDownLatch) {
    fun release() = latch.countDown()
}

/**
 * Starts [block] as a transaction that keeps the writer's thread after its work until
 * [HeldWriter.release], and returns once it does; [then] runs in the same caller as soon as the
 * transaction returned, and gives the first's outcome.
 */
private suspend fun <T> CoroutineScope.holdWriter(db: Database, block: suspend AsyncSession.() -> Any?, then: suspend (Any?) -> T): HeldWriter<T> {
    val latch = CountDownLatch(1)
    val holding = CompletableDeferred<Unit>()
    val first = async {
        runCatching {
            val r = db.transaction {
                block().also {
                    holding.complete(Unit)
                    runSync { latch.await() }
                }
            }
            then(r)
        }
    }
    try {
        withTimeout(10_000) { holding.await() }
    } catch (e: Throwable) {
        latch.countDown()
        throw e
    }
    return HeldWriter(first, latch)
}

/**
 * Runs [first] as a transaction that holds the writer's thread until the [queued] transactions
 * have queued behind it (each started undispatched, so it is waiting before [first] finishes),
 * then lets it finish; returns every transaction's outcome, in that order. [afterFirst] runs in
 * the first caller's coroutine as soon as its transaction returned.
 */
internal suspend fun queuedBehind(
    db: Database,
    first: suspend AsyncSession.() -> Any?,
    vararg queued: suspend AsyncSession.() -> Any?,
    afterFirst: suspend () -> Unit = {},
): List<Result<Any?>> = detached {
    val held = holdWriter(db, first) { r -> r.also { afterFirst() } }
    try {
        val rest = queued.map { q -> async(start = CoroutineStart.UNDISPATCHED) { runCatching { db.transaction { q() } } } }
        held.release()
        withTimeout(10_000) { (listOf(held.first) + rest).map { it.await() } }
    } finally {
        held.release()
    }
}

/**
 * Runs [block] in a scope of its own on Dispatchers.Default, so a transaction that never resumes
 * (a group nobody commits) fails the awaiting `withTimeout` instead of hanging the test.
 */
private suspend fun <R> detached(block: suspend CoroutineScope.() -> R): R {
    val scope = CoroutineScope(SupervisorJob() + Dispatchers.Default)
    try {
        return scope.block()
    } finally {
        scope.cancel()
    }
}

/** [withDatabase] with group commit on (it is off by default); [configure] may turn it off again. */
private suspend fun <R> withGroupCommit(memory: Boolean = false, configure: DatabaseConfig.() -> Unit = {}, block: suspend (Database) -> R): R =
    withDatabase(memory, { groupCommit = true; configure() }, block)

class GroupCommitSpec : FunSpec({
    timeout = 60_000L

    test("transactions queued behind a running one share one COMMIT, and each caller resumes only after it") {
        val log = StatementCounter()
        withGroupCommit(configure = { listener(log) }) { db ->
            log.reset()
            val outcomes = queuedBehind(
                db,
                { CoUser("a@x", "A").also { add(it) } },
                { CoUser("b@x", "B").also { add(it) } },
                { CoUser("c@x", "C").also { add(it) } },
            )
            outcomes.map { (it.getOrThrow() as CoUser).id } shouldContainExactly listOf(1L, 2L, 3L)
            log.commits shouldBe 1
            log.savepoints shouldBe 2 // the first transaction began the SQLite transaction; the others ran in savepoints
            db.read { select(CoUser::email).orderBy(CoUser::id).list() } shouldContainExactly listOf("a@x", "b@x", "c@x")
        }
    }

    test("the first caller of a group sees every member committed when it resumes") {
        withGroupCommit { db ->
            val seenByFirst = CompletableDeferred<Long>()
            queuedBehind(
                db,
                { add(CoUser("a@x", "A")) },
                { add(CoUser("b@x", "B")) },
                // a reader sees only committed rows: B's too, since the first returns after the group's COMMIT
                afterFirst = { seenByFirst.complete(db.read { select<CoUser>().count() }) },
            ).forEach { it.getOrThrow() }
            seenByFirst.await() shouldBe 2L
        }
    }

    test("a transaction that fails inside a group rolls back only its savepoint; the others commit") {
        val log = StatementCounter()
        withGroupCommit(configure = { listener(log) }) { db ->
            log.reset()
            val duplicate = CoUser("a@x", "Duplicate of A")
            val outcomes = queuedBehind(
                db,
                { add(CoUser("a@x", "A")) },
                {
                    // sees A's uncommitted row (same SQLite transaction), so the UNIQUE email fails here
                    add(duplicate)
                    flush()
                },
                { add(CoUser("c@x", "C")) },
            )
            outcomes[0].isSuccess shouldBe true
            outcomes[1].exceptionOrNull().shouldBeInstanceOf<IntegrityError>().message shouldContain "co_users.email"
            outcomes[2].isSuccess shouldBe true
            duplicate.id.shouldBeNull() // transient again, its generated key cleared
            log.commits shouldBe 1
            db.read { select(CoUser::name).orderBy(CoUser::id).list() } shouldContainExactly listOf("A", "C")
        }
    }

    test("with deferrable foreign keys in the schema transactions are not grouped: a violation reaches exactly its transaction") {
        withGroupCommit { db ->
            db.withConnection {
                it.executeDriverSql("CREATE TABLE gc_parents (id INTEGER PRIMARY KEY)")
                it.executeDriverSql(
                    "CREATE TABLE gc_children (id INTEGER PRIMARY KEY, " +
                        "parent_id INTEGER NOT NULL REFERENCES gc_parents (id) DEFERRABLE INITIALLY DEFERRED)",
                )
            }
            val outcomes = queuedBehind(
                db,
                { add(GcParent(1)) },
                { add(GcChild(1, parentId = 99)) }, // no such parent: SQLite says so only at COMMIT
                { add(GcParent(2)) },
            )
            // before: the last member ran the shared COMMIT and got the violation; the violator got GroupCommitError
            outcomes[0].getOrThrow()
            outcomes[1].exceptionOrNull().shouldBeInstanceOf<IntegrityError>().message shouldContain "FOREIGN KEY"
            outcomes[2].getOrThrow()
            db.read {
                select(GcParent::id).orderBy(GcParent::id).list() shouldContainExactly listOf(1L, 2L)
                select<GcChild>().count() shouldBe 0L
            }
        }
    }

    test("a group whose COMMIT fails fails every member with its cause and writes nothing of them") {
        withGroupCommit { db ->
            db.withConnection {
                it.executeDriverSql("CREATE TABLE gc_parents (id INTEGER PRIMARY KEY)")
                it.executeDriverSql("CREATE TABLE gc_children (id INTEGER PRIMARY KEY, parent_id INTEGER NOT NULL REFERENCES gc_parents (id))")
            }
            val outcomes = queuedBehind(
                db,
                { add(GcParent(1)) }, // joins a group: nothing in the schema is deferrable
                {
                    // defers the checks to COMMIT inside the group's shared transaction, then violates one
                    withConnection { it.executeDriverSql("PRAGMA defer_foreign_keys = ON") }
                    add(GcChild(1, parentId = 99))
                },
                { add(GcParent(2)) },
            )
            // the violator ran the COMMIT (deferral on: it did not join) and gets SQLite's error; the first learns its group failed
            outcomes[1].exceptionOrNull().shouldBeInstanceOf<IntegrityError>().message shouldContain "FOREIGN KEY"
            val e = outcomes[0].exceptionOrNull().shouldBeInstanceOf<GroupCommitError>()
            e.message shouldContain "group commit"
            e.cause.shouldBeInstanceOf<IntegrityError>()
            outcomes[2].getOrThrow()
            db.read {
                select(GcParent::id).list() shouldContainExactly listOf(2L)
                select<GcChild>().count() shouldBe 0L
            }
            db.transaction { add(GcParent(3)) } // the writer is healthy afterwards
            db.read { select(GcParent::id).orderBy(GcParent::id).list() } shouldContainExactly listOf(2L, 3L)
        }
    }

    test("a queued transaction cancelled after a group counted on it: the group is still committed") {
        val log = StatementCounter()
        withGroupCommit(configure = { listener(log) }) { db ->
            log.reset()
            detached {
                val held = holdWriter(db, { add(CoUser("a@x", "A")) }) { db.read { select<CoUser>().count() } }
                try {
                    // waits for the writer's thread, so it is counted when the first finishes and joins a group
                    val second = launch(start = CoroutineStart.UNDISPATCHED) {
                        db.transaction { add(CoUser("b@x", "B")) }
                    }
                    second.cancel()
                    held.release()
                    withTimeout(10_000) { held.first.await().getOrThrow() } shouldBe 1L // the settler committed it
                    second.join()
                    second.isCancelled shouldBe true
                } finally {
                    held.release()
                }
            }
            log.commits shouldBe 1
            db.read { select(CoUser::email).list() } shouldContainExactly listOf("a@x")
            withTimeout(10_000) { while (db.connectionsInUse() != 0) delay(5) }
        }
    }

    test("an explicit session that gets the writer while a group is open commits the group first") {
        val log = StatementCounter()
        withGroupCommit(configure = { listener(log) }) { db ->
            log.reset()
            detached {
                val held = holdWriter(db, { add(CoUser("a@x", "A")) }) { db.read { select(CoUser::email).list() } }
                try {
                    // queued on the writer's mutex at once, ahead of the transaction below
                    val explicit = async(start = CoroutineStart.UNDISPATCHED) {
                        db.session().use { s -> s.begin { add(CoUser("e@x", "Explicit")) } }
                    }
                    val last = async(start = CoroutineStart.UNDISPATCHED) { db.transaction { add(CoUser("b@x", "B")) } }
                    held.release()
                    withTimeout(10_000) {
                        held.first.await().getOrThrow() shouldContain "a@x"
                        explicit.await() // without the settle it would find the group's transaction open and fail
                        last.await()
                    }
                } finally {
                    held.release()
                }
            }
            log.commits shouldBe 3
            db.read { select(CoUser::email).orderBy(CoUser::id).list() } shouldContainExactly listOf("a@x", "e@x", "b@x")
        }
    }

    test("closing while a group is open commits the group; transactions still queued fail as closed") {
        withGroupCommit { db ->
            detached {
                val held = holdWriter(db, { add(CoUser("a@x", "A")) }) { }
                try {
                    val second = async(start = CoroutineStart.UNDISPATCHED) {
                        runCatching { db.transaction { add(CoUser("b@x", "B")) } }
                    }
                    val closing = launch(start = CoroutineStart.UNDISPATCHED) { db.shutdown() }
                    held.release()
                    withTimeout(10_000) {
                        held.first.await().isSuccess shouldBe true
                        second.await().exceptionOrNull().shouldBeInstanceOf<ResourceClosedError>()
                        closing.join()
                    }
                } finally {
                    held.release()
                }
            }
            val reopened = Database.open(db.url)
            try {
                reopened.read { select(CoUser::email).list() } shouldContainExactly listOf("a@x")
            } finally {
                reopened.shutdown()
            }
        }
    }

    test("groupCommit = false, and in-memory databases, commit every transaction on its own") {
        for (memory in listOf(false, true)) {
            val log = StatementCounter()
            withGroupCommit(memory = memory, configure = { groupCommit = false; listener(log) }) { db ->
                log.reset()
                queuedBehind(db, { add(CoUser("a@x", "A")) }, { add(CoUser("b@x", "B")) }, { add(CoUser("c@x", "C")) })
                    .forEach { it.getOrThrow() }
                log.commits shouldBe 3
                log.savepoints shouldBe 0
            }
        }
        val log = StatementCounter()
        withGroupCommit(memory = true, configure = { listener(log) }) { db ->
            log.reset()
            queuedBehind(db, { add(CoUser("a@x", "A")) }, { add(CoUser("b@x", "B")) }).forEach { it.getOrThrow() }
            log.commits shouldBe 2
        }
    }

    test("commit() and rollback() inside a transaction block are refused: the block ends the transaction") {
        withGroupCommit { db ->
            shouldThrow<InvalidRequestError> { db.transaction { add(CoUser("a@x", "A")); commit() } }.message shouldContain "db.session()"
            shouldThrow<InvalidRequestError> { db.read { rollback() } }
            db.read { select<CoUser>().count() } shouldBe 0L
        }
    }
})
