package io.kalchemy.engine

import io.kalchemy.errors.ArgumentError
import io.kalchemy.errors.ProgrammingError
import io.kalchemy.schema.MetaData
import io.kalchemy.sql.Sql.select
import io.kalchemy.sql.Sql.text
import io.kalchemy.types.SqlTypes
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldContainExactly
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain

/** Statements the engine refuses or recovers from: failed statements, several statements in one text, batches of text. */
class StatementSafetySpec : FunSpec({
    for (url in listOf("jdbc:sqlite::memory:", "jdbc:sqlite:" + tempDbFile())) {
        val kind = if (url.contains(":memory:")) "memory" else "file"

        test("a statement that failed (no such table) works once the table exists: the cache does not keep it ($kind)") {
            Engine.create(url, EngineOptions()).use { engine ->
                val md = MetaData()
                val notes = md.table("poison_notes")
                notes.column("id", SqlTypes.LONG).primaryKey()
                val body = notes.column("body", SqlTypes.TEXT)
                val query = select(body).from(notes)
                engine.connect().use { c ->
                    shouldThrow<ProgrammingError> { c.execute(query).all() }.message shouldContain "no such table"
                    c.rollback()
                    c.createAll(md)
                    c.executeDriverSql("INSERT INTO poison_notes (id, body) VALUES (1, 'kept')")
                    // before the fix: "statement is not executing" on every later run of this SQL
                    c.execute(query).scalars<String>().all() shouldContainExactly listOf("kept")
                    c.execute(text("SELECT body FROM poison_notes")).scalars<String>().all() shouldContainExactly listOf("kept")
                    c.commit()
                }
            }
        }

        test("a cached statement whose table was dropped fails once, and works again once the table is back ($kind)") {
            Engine.create(url, EngineOptions()).use { engine ->
                engine.connect().use { c ->
                    c.executeDriverSql("CREATE TABLE poison_again (id INTEGER PRIMARY KEY, body TEXT)")
                    c.executeDriverSql("INSERT INTO poison_again VALUES (1, 'first')")
                    val query = text("SELECT body FROM poison_again WHERE id = :id")
                    c.execute(query, mapOf("id" to 1)).scalars<String>().all() shouldContainExactly listOf("first") // prepared and cached
                    c.executeDriverSql("DROP TABLE poison_again")
                    shouldThrow<io.kalchemy.errors.DatabaseError> { c.execute(query, mapOf("id" to 1)).scalars<String>().all() }
                    c.executeDriverSql("CREATE TABLE poison_again (id INTEGER PRIMARY KEY, body TEXT)")
                    c.executeDriverSql("INSERT INTO poison_again VALUES (1, 'second')")
                    c.execute(query, mapOf("id" to 1)).scalars<String>().all() shouldContainExactly listOf("second")
                    c.commit()
                }
            }
        }

        test("SQL text with several statements is refused before anything runs; executeScript runs them all ($kind)") {
            Engine.create(url, EngineOptions()).use { engine ->
                engine.connect().use { c ->
                    c.executeDriverSql("CREATE TABLE IF NOT EXISTS script_rows (id INTEGER PRIMARY KEY, note TEXT)")
                    c.executeDriverSql("DELETE FROM script_rows")
                    val two = "INSERT INTO script_rows VALUES (1, 'a'); INSERT INTO script_rows VALUES (2, 'b')"
                    shouldThrow<ArgumentError> { c.execute(text(two)) }.message shouldContain "executeScript"
                    shouldThrow<ArgumentError> { c.executeDriverSql(two) }.message shouldContain "more than one statement"
                    c.executeDriverSql("SELECT count(*) FROM script_rows").scalar<Long>() shouldBe 0L
                    // one statement with a trailing semicolon, and semicolons inside quotes and comments, are one statement
                    c.executeDriverSql("INSERT INTO script_rows VALUES (3, 'semi;colon'); -- done; really")
                    c.executeScript(
                        """
                        $two;
                        /* a comment; with a semicolon */
                        CREATE TRIGGER IF NOT EXISTS script_upper AFTER INSERT ON script_rows BEGIN
                          UPDATE script_rows SET note = CASE WHEN new.note = 'c' THEN 'C' ELSE new.note END WHERE id = new.id;
                        END;
                        INSERT INTO script_rows VALUES (4, 'c');
                        """.trimIndent(),
                    ) shouldBe 4
                    c.executeDriverSql("SELECT note FROM script_rows ORDER BY id").scalars<String>().all() shouldContainExactly
                        listOf("a", "b", "semi;colon", "C")
                    c.commit()
                }
            }
        }

        test("executeMany with a text INSERT runs once per parameter set ($kind)") {
            Engine.create(url, EngineOptions()).use { engine ->
                engine.connect().use { c ->
                    c.executeDriverSql("CREATE TABLE IF NOT EXISTS many_rows (id INTEGER PRIMARY KEY, note TEXT)")
                    c.executeDriverSql("DELETE FROM many_rows")
                    c.executeMany(text("INSERT INTO many_rows (id, note) VALUES (:id, :note)"), listOf(mapOf("id" to 1, "note" to "x"), mapOf("id" to 2, "note" to "y"))) shouldBe 2L
                    c.executeDriverSql("SELECT note FROM many_rows ORDER BY id").scalars<String>().all() shouldContainExactly listOf("x", "y")
                    c.commit()
                }
            }
        }
    }
})
