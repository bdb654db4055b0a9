package io.kalchemy.coroutines

import io.kalchemy.errors.InvalidRequestError
import io.kalchemy.errors.MigrationError
import io.kalchemy.migrate.Revision
import io.kalchemy.sql.Sql.text
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldContainExactly
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import java.nio.file.Files
import java.nio.file.Path

private fun versions(): Path {
    val dir = Files.createTempDirectory("facade-migrations")
    Files.writeString(
        dir.resolve("a1_notes.sql"),
        """
        -- revision: a1
        -- parent: none
        -- upgrade
        CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT NOT NULL);
        -- downgrade
        DROP TABLE notes;
        """.trimIndent(),
    )
    Files.writeString(
        dir.resolve("b2_tags.sql"),
        """
        -- revision: b2
        -- parent: a1
        -- upgrade
        CREATE TABLE tags (note_id INTEGER NOT NULL REFERENCES notes (id), tag TEXT NOT NULL);
        -- downgrade
        DROP TABLE tags;
        """.trimIndent(),
    )
    return dir
}

/** Migrations through the coroutine facade: on the writer, between transactions, in-memory databases included. */
class FacadeMigrationSpec : FunSpec({

    test("migrate() upgrades an in-memory database on its one connection; its transactions then see the schema") {
        val db = Database.open("jdbc:sqlite::memory:")
        try {
            val dir = versions()
            db.migrationVersion(dir) shouldBe null
            db.migrate(dir, target = "a1") shouldContainExactly listOf("a1")
            db.migrate(dir) shouldContainExactly listOf("b2")
            db.migrate(dir) shouldContainExactly emptyList()
            db.migrationVersion(dir) shouldBe "b2"
            db.transaction {
                execute(text("INSERT INTO notes (id, body) VALUES (1, 'hello')"))
                execute(text("INSERT INTO tags (note_id, tag) VALUES (1, 'greeting')"))
            }
            db.read { scalar<String>(text("SELECT tag FROM tags JOIN notes ON notes.id = tags.note_id")) } shouldBe "greeting"
            // foreign keys were switched off only around each revision
            db.outsideTransaction { c -> c.executeDriverSql("PRAGMA foreign_keys").scalar<Long>() } shouldBe 1L
        } finally {
            db.shutdown()
        }
    }

    val backends = listOf(
        "a SQLite file" to { "jdbc:sqlite:" + Files.createTempDirectory("facade-mig").resolve("app.db") },
        "PostgreSQL" to { io.kalchemy.engine.EmbeddedPostgresServer.freshDatabaseUrl() },
    )
    for ((where, url) in backends) test("on $where a failing code revision leaves the database at the last good one; migrating inside a transaction is refused") {
        val db = Database.open(url())
        try {
            val dir = versions()
            val broken = Revision.code("c3", "b2", "a broken step", { c -> c.executeDriverSql("INSERT INTO nowhere VALUES (1)") }, null)
            val e = shouldThrow<MigrationError> { db.migrate(dir, codeRevisions = listOf(broken)) }
            e.message shouldContain "c3"
            e.message shouldContain "stays at revision 'b2'"
            db.migrationVersion(dir, listOf(broken)) shouldBe "b2"
            shouldThrow<InvalidRequestError> { db.transaction { db.migrate(dir) } }.message shouldContain "outsideTransaction"
            db.transaction { execute(text("INSERT INTO notes (id, body) VALUES (7, 'still usable')")) }
            db.read { scalar<Long>(text("SELECT count(*) FROM notes")) } shouldBe 1L
        } finally {
            db.shutdown()
        }
    }
})
