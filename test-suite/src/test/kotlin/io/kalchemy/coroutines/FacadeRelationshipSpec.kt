package io.kalchemy.coroutines

import io.kalchemy.orm.RComment
import io.kalchemy.orm.RPost
import io.kalchemy.orm.RTag
import io.kalchemy.orm.RUser
import io.kalchemy.errors.UnloadedRelationshipError
import io.kalchemy.orm.EntityState
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldContainExactly
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import java.nio.file.Files
import kotlinx.coroutines.flow.collect

/**
 * Relationships through the coroutine facade, on `:memory:` ([MemoryFacadeRelationshipSpec]), a
 * WAL file ([FileFacadeRelationshipSpec]) and PostgreSQL ([PostgresFacadeRelationshipSpec]).
 */
abstract class FacadeRelationshipContract(url: () -> String) : FunSpec({
    test("selectinLoad chains, join and any/has along property references, explicit load, raise by default") {
        val db = Database.open(url())
        try {
            db.createAll(RUser::class, RPost::class, RComment::class, RTag::class)
            db.transaction {
                listOf("Ann", "Bob").forEach { name ->
                    val a = RUser(name)
                    repeat(2) { i -> a.posts.add(RPost("$name $i").also { it.comments.add(RComment("nice")) }) }
                    add(a)
                }
            }
            db.read {
                val authors = select<RUser>().orderBy(RUser::name)
                    .options(selectinLoad(RUser::posts).selectinLoad(RPost::comments)).list()
                authors.map { a -> a.posts.sumOf { it.comments.size } } shouldContainExactly listOf(2, 2)
                select<RUser>().join(RUser::posts).where(RPost::title eq "Bob 1").single().name shouldBe "Bob"
                select<RUser>().where(RUser::posts.any(RPost::title eq "Ann 0")).single().name shouldBe "Ann"
                select<RPost>().where(RPost::author.has(RUser::name eq "Bob")).list().map { it.title } shouldContainExactly
                    listOf("Bob 0", "Bob 1")
            }
            db.read {
                val ann = select<RUser>().where(RUser::name eq "Ann").single()
                shouldThrow<UnloadedRelationshipError> { ann.posts.first() }.message shouldContain "RUser.posts was not loaded"
                load(ann, RUser::posts)
                ann.posts.map { it.title } shouldContainExactly listOf("Ann 0", "Ann 1")
            }
        } finally {
            db.shutdown()
        }
    }

    test("a stream with selectinLoad releases each batch's related objects with the batch") {
        val db = Database.open(url())
        try {
            db.createAll(RUser::class, RPost::class, RComment::class, RTag::class)
            db.transaction {
                repeat(30) { n ->
                    add(RUser("A%02d".format(n)).also { a -> repeat(3) { i -> a.posts.add(RPost("A%02d-$i".format(n)).also { it.comments.add(RComment("r")) }) } })
                }
            }
            db.read {
                val kept = select<RUser>().where(RUser::name eq "A00").single() // in the session before the stream: stays
                val firstBatch = mutableListOf<Any>()
                var seen = 0
                var comments = 0
                select<RUser>().orderBy(RUser::name).options(selectinLoad(RUser::posts).selectinLoad(RPost::comments))
                    .stream(yieldPer = 10).collect { a ->
                        seen++
                        comments += a.posts.sumOf { it.comments.size }
                        if (seen in 2..10) firstBatch.addAll(listOf(a) + a.posts + a.posts.flatMap { it.comments })
                    }
                seen shouldBe 30
                comments shouldBe 90
                firstBatch.size shouldBe 9 * 7
                firstBatch.forEach { state(it) shouldBe EntityState.DETACHED }
                state(kept) shouldBe EntityState.PERSISTENT
            }
        } finally {
            db.shutdown()
        }
    }

    test("a streamed object whose loaded collection gained or lost a member, or whose column changed, stays with what it reaches; the commit writes it") {
        val db = Database.open(url())
        try {
            db.createAll(RUser::class, RPost::class, RComment::class, RTag::class)
            db.transaction {
                repeat(4) { n -> add(RUser("S$n").also { a -> a.posts.add(RPost("S$n-0")) }) }
            }
            db.transaction {
                // one object per batch: each next batch detaches the previous one unless it has changes
                select<RUser>().orderBy(RUser::name).options(selectinLoad(RUser::posts)).stream(yieldPer = 1).collect { a ->
                    when (a.name) {
                        "S0" -> a.posts.add(RPost("S0-new"))
                        "S1" -> a.posts.clear()
                        "S2" -> a.name = "S2x" // a changed column: its loaded posts must stay too, not come back as new rows
                    }
                }
            }
            db.read {
                select<RPost>().orderBy(RPost::title).list().map { it.title } shouldContainExactly
                    listOf("S0-0", "S0-new", "S2-0", "S3-0")
                select<RUser>().orderBy(RUser::name).list().map { it.name } shouldContainExactly listOf("S0", "S1", "S2x", "S3")
            }
        } finally {
            db.shutdown()
        }
    }
})

class MemoryFacadeRelationshipSpec : FacadeRelationshipContract({ "jdbc:sqlite::memory:" })

class FileFacadeRelationshipSpec : FacadeRelationshipContract({ "jdbc:sqlite:" + Files.createTempDirectory("kalchemy-fr").resolve("db") })

class PostgresFacadeRelationshipSpec : FacadeRelationshipContract({ io.kalchemy.engine.EmbeddedPostgresServer.freshDatabaseUrl() })
