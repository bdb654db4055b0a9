package io.kalchemy.orm

import io.kalchemy.coroutines.Database
import io.kalchemy.coroutines.eq
import io.kalchemy.coroutines.select
import io.kalchemy.engine.Engine
import io.kalchemy.errors.IntegrityError
import io.kalchemy.errors.InvalidRequestError
import io.kalchemy.coroutines.noLoad
import io.kalchemy.coroutines.options
import io.kalchemy.coroutines.selectinLoad
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.types.shouldBeSameInstanceAs
import java.nio.file.Files

/** The author_id column of post [postId], read with plain SQL. */
private suspend fun authorIdOf(db: Database, postId: Long): Long? =
    db.outsideTransaction { c -> c.executeDriverSql("SELECT author_id FROM r_posts WHERE id = ?", postId).scalar<Long>() }

/** Assigning a many-to-one reference writes its foreign key at flush, whatever is loaded on either side. */
class ManyToOneAssignmentSpec : FunSpec({
    for (memory in listOf(false, true)) {
        val where = if (memory) "memory" else "file"

        suspend fun seeded(): Database {
            val url = if (memory) "jdbc:sqlite::memory:" else "jdbc:sqlite:" + Files.createTempDirectory("m2o").resolve("m.db")
            val db = Database.open(url)
            db.createAll(RUser::class, RPost::class, RComment::class, RTag::class)
            db.transaction {
                val ann = RUser("Ann")
                ann.posts.add(RPost("hello"))
                add(ann)
                add(RUser("Bob"))
            }
            return db
        }

        test("post.author = a queried user, with the author's posts not loaded on either side ($where)") {
            val db = seeded()
            try {
                db.transaction {
                    val post = select<RPost>().single() // author loaded by selectin; author.posts not loaded
                    val bob = select<RUser>().where(RUser::name eq "Bob").single()
                    post.author = bob
                }
                authorIdOf(db, 1L) shouldBe 2L
                db.read {
                    val bob = select<RUser>().where(RUser::name eq "Bob").options(selectinLoad(RUser::posts)).single()
                    bob.posts.map { it.title } shouldBe listOf("hello")
                }
            } finally {
                db.shutdown()
            }
        }

        test("post.author = a user whose posts are loaded, and from a post whose author's posts are loaded ($where)") {
            val db = seeded()
            try {
                db.transaction {
                    val users = select<RUser>().options(selectinLoad(RUser::posts)).list()
                    val post = users.first { it.name == "Ann" }.posts.single()
                    post.author = users.first { it.name == "Bob" }
                }
                authorIdOf(db, 1L) shouldBe 2L
            } finally {
                db.shutdown()
            }
        }

        test("post.author = a new pending user: inserted first, then the key written ($where)") {
            val db = seeded()
            try {
                db.transaction {
                    val post = select<RPost>().single()
                    post.author = RUser("Cid").also { add(it) }
                }
                authorIdOf(db, 1L) shouldBe 3L
            } finally {
                db.shutdown()
            }
        }

        test("history(post) shows a reassigned author before the flush writes it ($where)") {
            val db = seeded()
            try {
                db.transaction {
                    val post = select<RPost>().single()
                    val ann = post.author!!
                    val bob = select<RUser>().where(RUser::name eq "Bob").single()
                    history(post).hasChanges() shouldBe false
                    post.author = bob
                    val h = history(post)
                    h.changedProperties() shouldBe setOf("author")
                    h.oldValue("author") shouldBeSameInstanceAs ann
                    h.newValue("author") shouldBeSameInstanceAs bob
                    isModified(post) shouldBe true
                    post.author = null
                    history(post).newValue("author") shouldBe null
                    history(post).oldValue("author") shouldBeSameInstanceAs ann
                    post.author = ann
                    history(post).hasChanges() shouldBe false
                    post.author = bob
                }
                authorIdOf(db, 1L) shouldBe 2L
            } finally {
                db.shutdown()
            }
        }

        test("post.author = a user loaded by an earlier transaction (detached): its key is written, no user inserted ($where)") {
            val db = seeded()
            try {
                val bob = db.transaction { select<RUser>().where(RUser::name eq "Bob").single() }
                db.transaction { select<RPost>().single().author = bob }
                authorIdOf(db, 1L) shouldBe 2L
                db.transaction { add(RPost("second").also { it.author = bob }) }
                db.outsideTransaction { c ->
                    c.executeDriverSql("SELECT count(*) FROM r_users").scalar<Long>() shouldBe 2L
                    c.executeDriverSql("SELECT author_id FROM r_posts WHERE title = 'second'").scalar<Long>() shouldBe 2L
                }
            } finally {
                db.shutdown()
            }
        }

        test("post.author = null clears a nullable foreign key; unloaded (noload) references are left alone ($where)") {
            val db = seeded()
            try {
                db.transaction { select<RPost>().options(noLoad(RPost::author)).single().title = "renamed" }
                authorIdOf(db, 1L) shouldBe 1L // not loaded, so its null field says nothing
                db.transaction { select<RPost>().single().author = null }
                authorIdOf(db, 1L) shouldBe null
            } finally {
                db.shutdown()
            }
        }
    }

    test("post.author = null where the database's key is NOT NULL fails with an IntegrityError naming the column, writing nothing") {
        val db = Database.open("jdbc:sqlite::memory:")
        try {
            db.withConnection {
                it.executeDriverSql("CREATE TABLE r_users (id INTEGER PRIMARY KEY, name TEXT NOT NULL)")
                it.executeDriverSql("CREATE TABLE r_posts (id INTEGER PRIMARY KEY, title TEXT NOT NULL, author_id INTEGER NOT NULL REFERENCES r_users (id))")
                it.executeDriverSql("INSERT INTO r_users VALUES (1, 'Ann')")
                it.executeDriverSql("INSERT INTO r_posts VALUES (1, 'hello', 1)")
            }
            shouldThrow<IntegrityError> { db.transaction { select<RPost>().single().author = null } }.message shouldContain "r_posts.author_id"
            authorIdOf(db, 1L) shouldBe 1L
        } finally {
            db.shutdown()
        }
    }

    test("an object another open session holds cannot be added or referenced: the error names it, nothing is written") {
        val engine = Engine.create("jdbc:sqlite:" + Files.createTempDirectory("m2o").resolve("s.db"))
        try {
            val registry = Registry()
            val sessions = SessionFactory(engine, SessionOptions().registry(registry))
            engine.inTransaction { c -> c.create(registry.tables(RUser::class.java, RPost::class.java, RComment::class.java, RTag::class.java)) }
            sessions.open().use { s ->
                s.add(RUser("Ann").also { it.posts.add(RPost("hello")) })
                s.add(RUser("Bob"))
                s.commit()
            }
            val reading = sessions.open()
            val bob = reading.get(RUser::class.java, 2L)!!
            sessions.open().use { s ->
                shouldThrow<InvalidRequestError> { s.add(bob) }.message shouldContain "cannot add the RUser with key 2: it belongs to another open session"
                val post = s.get(RPost::class.java, 1L)!!
                post.author = bob
                shouldThrow<InvalidRequestError> { s.flush() }.message shouldContain
                    "RPost.author refers to the RUser with key 2, which belongs to another open session; merge() it"
                s.rollback()
                s.get(RPost::class.java, 1L)!!.author = s.merge(bob)
                s.commit()
            }
            engine.inTransaction { c -> c.executeDriverSql("SELECT author_id FROM r_posts WHERE id = 1").scalar<Long>() } shouldBe 2L
            reading.close()
            sessions.open().use { s ->
                s.add(RPost("third").also { it.author = bob }) // detached now that its session is closed: its key is written
                s.commit()
            }
            engine.inTransaction { c ->
                c.executeDriverSql("SELECT count(*) FROM r_users").scalar<Long>() shouldBe 2L
                c.executeDriverSql("SELECT author_id FROM r_posts WHERE title = 'third'").scalar<Long>() shouldBe 2L
            }
        } finally {
            engine.close()
        }
    }
})
