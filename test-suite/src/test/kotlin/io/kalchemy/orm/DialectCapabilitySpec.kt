package io.kalchemy.orm

import io.kalchemy.dialect.Capability
import io.kalchemy.dialect.sqlite.SqliteDialect
import io.kalchemy.engine.Engine
import io.kalchemy.engine.EngineOptions
import io.kalchemy.engine.tempDbFile
import io.kalchemy.errors.InvalidRequestError
import io.kalchemy.errors.MigrationError
import io.kalchemy.migrate.Migrator
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.ints.shouldBeGreaterThan
import io.kotest.matchers.ints.shouldBeLessThanOrEqual
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import java.nio.file.Files
import org.sqlite.SQLiteDataSource

/** SQLite, claiming to lack [missing]: so the ORM's paths for databases without them run against a real file. */
private fun engineLacking(vararg missing: Capability): Engine = engineOn(object : SqliteDialect() {
    override fun capabilities(): Set<Capability> = Capability.entries.toSet() - missing.toSet()
})

/** An engine on a new SQLite file rendering with [dialect], its statements logged. */
private fun engineOn(dialect: SqliteDialect): Engine {
    val file = tempDbFile()
    return Engine.create(SQLiteDataSource().apply { url = "jdbc:sqlite:$file" }, dialect, file.toString(), EngineOptions().listener(log))
}

private val log = StatementLog()

/** SQLite, claiming to bind at most [limit] parameters per statement (PostgreSQL's is 65,535, SQLite's 32,766). */
private fun engineBinding(limit: Int): Engine = engineOn(object : SqliteDialect() {
    override fun maxBindParameters(): Int = limit
})

/** What the shared code does on a database without a capability SQLite has: a slower path that stays correct, or a clear refusal. */
class DialectCapabilitySpec : FunSpec({
    beforeEach { log.clear() }

    test("the dialect's bind-parameter limit splits the flush's and bulk inserts' multi-row statements; every row arrives") {
        engineBinding(12).use { engine ->
            val f = OrmFixture(engine, ormRegistry(), log)
            log.clear()
            val users = (1..25).map { User("u$it@x", "U$it") }
            f.session { s ->
                users.forEach(s::add)
                s.commit()
            }
            val inserts = log.statements.filter { it.startsWith("INSERT INTO users") }
            inserts.size shouldBeGreaterThan 1
            inserts.forEach { sql -> sql.count { it == '?' } shouldBeLessThanOrEqual 12 }
            log.clear()
            f.session { s ->
                s.bulkInsert(Post::class.java, (1..20).map { mapOf("userId" to users[0].id, "title" to "p$it", "likes" to 0) })
                s.commit()
            }
            val bulk = log.statements.filter { it.startsWith("INSERT INTO posts") }
            bulk.size shouldBeGreaterThan 1
            bulk.forEach { sql -> sql.count { it == '?' } shouldBeLessThanOrEqual 12 }
            engine.connect().use { c ->
                for (u in users) {
                    c.executeDriverSql("SELECT email FROM users WHERE id = ?", u.id).scalar<String>() shouldBe u.email
                }
                c.executeDriverSql("SELECT count(*) FROM posts").scalar<Long>() shouldBe 20L
            }
        }
    }

    test("without ordered insert keys, rows with generated keys are inserted one per statement and each object gets its own row's key") {
        engineLacking(Capability.ORDERED_INSERT_KEYS).use { engine ->
            val f = OrmFixture(engine, ormRegistry(), log)
            log.clear()
            val users = (1..5).map { User("u$it@x", "U$it") }
            f.session { s ->
                users.forEach(s::add)
                s.commit()
            }
            log.count("INSERT INTO users") shouldBe 5
            engine.connect().use { c ->
                for (u in users) {
                    c.executeDriverSql("SELECT email FROM users WHERE id = ?", u.id).scalar<String>() shouldBe u.email
                }
            }
            // bulk inserts without keys still share statements
            log.clear()
            f.session { s ->
                s.bulkInsert(Post::class.java, (1..4).map { mapOf("userId" to users[0].id, "title" to "p$it", "likes" to 0) })
                s.commit()
            }
            log.count("INSERT INTO posts") shouldBe 1
        }
    }

    test("without multi-row inserts, the ORM's and bulk inserts go one row per statement") {
        engineLacking(Capability.MULTI_ROW_INSERT).use { engine ->
            val f = OrmFixture(engine, ormRegistry(), log)
            log.clear()
            f.session { s ->
                val u = User("a@x", "A").also(s::add)
                s.flush()
                s.bulkInsert(Post::class.java, (1..3).map { mapOf("userId" to u.id, "title" to "p$it", "likes" to 0) })
                s.commit()
            }
            log.count("INSERT INTO posts") shouldBe 3
            engine.connect().use { c -> c.executeDriverSql("SELECT group_concat(title) FROM (SELECT title FROM posts ORDER BY id)").scalar<String>() shouldBe "p1,p2,p3" }
        }
    }

    test("without savepoints, a nested transaction is refused by name and the outer one stays usable") {
        engineLacking(Capability.SAVEPOINTS).use { engine ->
            val f = OrmFixture(engine, ormRegistry(), log)
            f.session { s ->
                s.add(User("a@x", "A"))
                shouldThrow<InvalidRequestError> { s.beginNested() }.message shouldBe
                    "sqlite has no savepoints, so a nested transaction cannot begin (it lacks Capability.SAVEPOINTS)"
                s.commit()
            }
            engine.connect().use { c -> c.executeDriverSql("SELECT group_concat(email) FROM users").scalar<String>() shouldBe "a@x" }
        }
    }

    test("without transactional DDL, a failed revision says that its earlier statements stay") {
        engineLacking(Capability.TRANSACTIONAL_DDL).use { engine ->
            val versions = Files.createTempDirectory("versions")
            val m = Migrator(engine, versions)
            val r = m.revision("broken", null)
            Files.writeString(r.file(), Files.readString(r.file()).replace("-- upgrade\n", "-- upgrade\nCREATE TABLE t1 (x TEXT);\nINSERT INTO missing VALUES (1);\n"))
            shouldThrow<MigrationError> { m.upgrade("head") }.message shouldContain
                "but sqlite does not roll DDL back: what the revision's statements before it created or altered stays"
        }
    }
})
