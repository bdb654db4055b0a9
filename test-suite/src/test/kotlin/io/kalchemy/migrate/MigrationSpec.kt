package io.kalchemy.migrate

import io.kalchemy.engine.Engine
import io.kalchemy.errors.MigrationError
import io.kalchemy.schema.MetaData
import io.kalchemy.schema.ReferentialAction
import io.kalchemy.types.SqlTypes
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldContainExactly
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.string.shouldNotContain
import java.io.ByteArrayOutputStream
import java.io.PrintStream
import java.nio.file.Files
import java.nio.file.Path

/** The schema as the application maps it, before and after a change of users.age from TEXT to INTEGER. */
internal fun schema(version: Int): MetaData {
    val md = MetaData()
    val users = md.table("users")
    val id = users.column("id", SqlTypes.LONG).primaryKey()
    users.column("name", SqlTypes.TEXT).notNull()
    if (version == 1) {
        users.column("age", SqlTypes.TEXT)
    } else {
        users.column("age", SqlTypes.LONG)
        users.column("email", SqlTypes.TEXT).notNull().serverDefault("''")
        users.index("ix_users_name", users.column<String>("name"))
    }
    val posts = md.table("posts")
    posts.column("id", SqlTypes.LONG).primaryKey()
    posts.column("user_id", SqlTypes.LONG).notNull().references(id, ReferentialAction.CASCADE, ReferentialAction.NO_ACTION).index()
    posts.column("title", SqlTypes.TEXT).notNull()
    if (version >= 3) {
        posts.column("likes", SqlTypes.LONG) // nullable: a plain ADD COLUMN
    }
    return md
}

private fun tempDir(): Path = Files.createTempDirectory("migrations")

/** A new revision whose upgrade section is [upgradeSql], written by hand as a user would. */
internal fun Migrator.handWritten(message: String, upgradeSql: String): Revision {
    val r = revision(message, null)
    Files.writeString(r.file(), Files.readString(r.file()).replace("-- upgrade\n", "-- upgrade\n$upgradeSql"))
    return r
}

internal fun Engine.scalarText(sql: String): Any? = connect().use { c -> c.executeDriverSql(sql).first()?.get(0) }

internal fun Engine.exec(vararg sql: String) = connect().use { c ->
    sql.forEach { c.executeDriverSql(it) }
    c.commit()
}

/** Alembic's workflow: autogenerate, upgrade, downgrade, batch mode, failure and history checks, the command line. */
class MigrationSpec : FunSpec({

    test("autogenerate -> upgrade -> downgrade, with a column type change in batch mode that keeps the data and the referring rows") {
        val dir = tempDir()
        Engine.create("jdbc:sqlite:" + dir.resolve("app.db")).use { engine ->
            val m = Migrator(engine, dir.resolve("versions"))
            m.current() shouldBe null
            val first = m.revision("create users and posts", schema(1))
            first.parent() shouldBe null
            Files.readString(first.file()) shouldContain "CREATE TABLE IF NOT EXISTS users"
            m.upgrade("head") shouldContainExactly listOf(first.id())
            m.current() shouldBe first.id()

            engine.exec(
                "INSERT INTO users (id, name, age) VALUES (1, 'Ann', '42'), (2, 'Bob', '7'), (3, 'Cy', NULL)",
                "INSERT INTO posts (id, user_id, title) VALUES (10, 1, 'hello'), (11, 2, 'again')",
            )
            engine.scalarText("SELECT typeof(age) FROM users WHERE id = 1") shouldBe "text"
            engine.exec(
                "CREATE VIEW adults AS SELECT name FROM users WHERE CAST(age AS INTEGER) >= 18",
                "CREATE TRIGGER users_name_trim AFTER INSERT ON users BEGIN UPDATE users SET name = trim(name) WHERE id = new.id; END",
            )

            shouldThrow<MigrationError> { m.revision("nothing", schema(1)) }.message shouldContain "no difference"
            val second = m.revision("age is a number", schema(2))
            second.parent() shouldBe first.id()
            val text = Files.readString(second.file())
            text shouldContain "batch alter table users: type of age TEXT -> INTEGER"
            text shouldContain "INSERT INTO _kalchemy_batch_users"
            text shouldNotContain "batch alter table posts"

            m.upgrade("head") shouldContainExactly listOf(second.id())
            m.current() shouldBe second.id()
            engine.scalarText("SELECT typeof(age) FROM users WHERE id = 1") shouldBe "integer"
            engine.scalarText("SELECT sum(age) FROM users") shouldBe 49L
            engine.scalarText("SELECT group_concat(name) FROM adults") shouldBe "Ann" // a view over the rebuilt table still works
            engine.exec("INSERT INTO users (id, name, age) VALUES (4, '  Di  ', 30)") // the trigger was recreated
            engine.scalarText("SELECT name FROM users WHERE id = 4") shouldBe "Di"
            engine.exec("DELETE FROM users WHERE id = 4")
            engine.scalarText("SELECT count(*) FROM users WHERE email = ''") shouldBe 3L
            engine.scalarText("SELECT count(*) FROM sqlite_master WHERE name = 'ix_users_name'") shouldBe 1L
            // posts still refer to users, and cascades still work after the rebuild
            engine.scalarText("SELECT count(*) FROM posts") shouldBe 2L
            engine.scalarText("SELECT count(*) FROM pragma_foreign_key_check") shouldBe 0L
            engine.exec("DELETE FROM users WHERE id = 2")
            engine.scalarText("SELECT count(*) FROM posts") shouldBe 1L
            // the metadata and the database now agree
            shouldThrow<MigrationError> { m.revision("nothing", schema(2)) }.message shouldContain "no difference"

            val third = m.revision("likes", schema(3))
            Files.readString(third.file()) shouldContain "ALTER TABLE posts ADD COLUMN likes INTEGER"
            m.upgrade("head")
            engine.scalarText("SELECT count(*) FROM pragma_table_info('posts') WHERE name = 'likes'") shouldBe 1L

            m.downgrade(2) shouldContainExactly listOf(third.id(), second.id())
            m.current() shouldBe first.id()
            engine.scalarText("SELECT typeof(age) FROM users WHERE id = 1") shouldBe "text"
            engine.scalarText("SELECT age FROM users WHERE id = 1") shouldBe "42"
            engine.scalarText("SELECT group_concat(name) FROM adults") shouldBe "Ann"
            engine.scalarText("SELECT count(*) FROM pragma_table_info('users') WHERE name = 'email'") shouldBe 0L
            engine.scalarText("SELECT count(*) FROM pragma_table_info('posts') WHERE name = 'likes'") shouldBe 0L
            engine.scalarText("SELECT title FROM posts") shouldBe "hello"
            engine.scalarText("PRAGMA foreign_keys") shouldBe 1L // enforcement restored on the pooled connection

            m.history().map { it.id() } shouldContainExactly listOf(first.id(), second.id(), third.id())
            m.downgrade("base") shouldContainExactly listOf(first.id())
            m.current() shouldBe null
            engine.scalarText("SELECT count(*) FROM sqlite_master WHERE name IN ('users', 'posts')") shouldBe 0L
            m.upgrade(second.id()) shouldContainExactly listOf(first.id(), second.id())
            engine.scalarText("SELECT type FROM pragma_table_info('users') WHERE name = 'age'") shouldBe "INTEGER"
            shouldThrow<MigrationError> { m.upgrade(first.id()) }.message shouldContain "use downgrade"
        }
    }

    val backends = listOf(
        "a SQLite file" to { "jdbc:sqlite:" + tempDir().resolve("app.db") },
        "PostgreSQL" to { io.kalchemy.engine.EmbeddedPostgresServer.freshDatabaseUrl() },
    )
    for ((where, url) in backends) test("on $where a revision failing half-way leaves the database at the previous revision, its DDL undone") {
        val versions = tempDir().resolve("versions")
        Engine.create(url()).use { engine ->
            val m = Migrator(engine, versions)
            val base = m.revision("base", schema(1))
            m.upgrade("head")
            val bad = m.handWritten("broken", "CREATE TABLE t1 (x TEXT);\nINSERT INTO t1 VALUES ('a;b');\nINSERT INTO missing_table VALUES (1);\n")
            val error = shouldThrow<MigrationError> { m.upgrade("head") }
            error.message shouldContain "revision '${bad.id()}' failed"
            error.message shouldContain "missing_table"
            error.message shouldContain "stays at revision '${base.id()}'"
            m.current() shouldBe base.id()
            engine.connect().use { c -> io.kalchemy.inspect.Inspector(c).tableNames() } shouldContainExactly listOf("kalchemy_version", "posts", "users")
        }
    }

    test("a revision that leaves rows referring to missing rows is rolled back, naming the table; enforcement is back on after") {
        val dir = tempDir()
        val versions = dir.resolve("versions")
        Engine.create("jdbc:sqlite:" + dir.resolve("app.db")).use { engine ->
            val m = Migrator(engine, versions)
            val base = m.revision("base", schema(1))
            m.upgrade("head")
            engine.exec("INSERT INTO users (id, name) VALUES (1, 'a')", "INSERT INTO posts (user_id, title) VALUES (1, 'kept')")
            m.handWritten("orphans", "INSERT INTO posts (user_id, title) VALUES (42, 'orphan');\n")
            val error = shouldThrow<MigrationError> { m.upgrade("head") }
            error.message shouldContain "1 rows violate foreign keys"
            error.message shouldContain "of table posts refers to a missing row of users"
            error.message shouldContain "stays at revision '${base.id()}'"
            m.current() shouldBe base.id()
            engine.scalarText("SELECT group_concat(title) FROM posts") shouldBe "kept"
            engine.connect().use { c -> c.executeDriverSql("PRAGMA foreign_keys").scalar<Long>() shouldBe 1L }
        }
    }

    test("revisions written in code join the file history; a code step that throws rolls its revision back") {
        val dir = tempDir()
        val versions = dir.resolve("versions")
        Engine.create("jdbc:sqlite:" + dir.resolve("app.db")).use { engine ->
            val first = Migrator(engine, versions).revision("create", schema(1))
            val backfill = Revision.code(
                "backfill", first.id(), "ages from names",
                { c -> c.executeDriverSql("UPDATE users SET age = length(name) WHERE age IS NULL") },
                { c -> c.executeDriverSql("UPDATE users SET age = NULL WHERE age = length(name)") },
            )
            val broken = Revision.code("broken", "backfill", "throws", { c ->
                c.executeDriverSql("DELETE FROM users")
                error("the step found something it cannot handle")
            }, { })
            val m = Migrator(engine, versions, listOf(backfill))
            m.upgrade(first.id())
            engine.exec("INSERT INTO users (id, name, age) VALUES (1, 'Ann', NULL), (2, 'Robert', '30')")
            m.upgrade("head") shouldContainExactly listOf("backfill")
            engine.scalarText("SELECT group_concat(age, ',') FROM users") shouldBe "3,30"
            m.history().map { it.id() } shouldContainExactly listOf(first.id(), "backfill")

            val withBroken = Migrator(engine, versions, listOf(backfill, broken))
            val e = shouldThrow<MigrationError> { withBroken.upgrade("head") }
            e.message shouldContain "revision 'broken' failed"
            e.message shouldContain "cannot handle"
            withBroken.current() shouldBe "backfill"
            engine.scalarText("SELECT count(*) FROM users") shouldBe 2L

            m.downgrade(1) shouldContainExactly listOf("backfill")
            engine.scalarText("SELECT group_concat(coalesce(age, '-'), ',') FROM users") shouldBe "-,30"
            // a new file revision follows the code revision at the head
            m.upgrade("head")
            m.revision("next", null).parent() shouldBe "backfill"
        }
    }

    test("a revision's SQL may hold semicolons in strings and trigger bodies") {
        val dir = tempDir()
        val versions = dir.resolve("versions")
        Files.createDirectories(versions)
        Files.writeString(
            versions.resolve("a1_triggers.sql"),
            """
            -- revision: a1
            -- parent: none
            -- message: a table with a trigger

            -- upgrade
            CREATE TABLE log (line TEXT); -- trailing comment; with a semicolon
            CREATE TABLE item (name TEXT);
            CREATE TRIGGER item_log AFTER INSERT ON item BEGIN
                INSERT INTO log VALUES ('added; ' || new.name);
                INSERT INTO log VALUES ('[x]');
            END;
            INSERT INTO item VALUES ('it''s; fine');

            -- downgrade
            DROP TABLE item;
            DROP TABLE log;
            """.trimIndent(),
        )
        Engine.create("jdbc:sqlite:" + dir.resolve("app.db")).use { engine ->
            val m = Migrator(engine, versions)
            m.history().single().upgrade().size shouldBe 4
            m.upgrade("head")
            engine.scalarText("SELECT name FROM item") shouldBe "it's; fine"
            engine.scalarText("SELECT group_concat(line, '|') FROM log") shouldBe "added; it's; fine|[x]"
            m.downgrade(1)
            engine.scalarText("SELECT count(*) FROM sqlite_master WHERE name IN ('item', 'log')") shouldBe 0L
        }
    }

    test("a database newer than the code, branching histories and duplicate ids are refused with clear messages") {
        val dir = tempDir()
        val versions = dir.resolve("versions")
        Engine.create("jdbc:sqlite:" + dir.resolve("app.db")).use { engine ->
            val m = Migrator(engine, versions)
            val base = m.revision("base", schema(1))
            m.upgrade("head")
            engine.exec("UPDATE kalchemy_version SET version_num = 'f00dfeed0000'")
            shouldThrow<MigrationError> { m.upgrade("head") }.message shouldContain
                "the database is at revision 'f00dfeed0000', which is not among the 1 revisions of this code"
            shouldThrow<MigrationError> { m.downgrade(1) }.message shouldContain "refusing to run"
            engine.exec("UPDATE kalchemy_version SET version_num = '${base.id()}'")

            val a = m.revision("one way", null)
            Files.writeString(versions.resolve("zz_other.sql"), "-- revision: zz\n-- parent: ${base.id()}\n-- upgrade\n-- downgrade\n")
            val branch = shouldThrow<MigrationError> { m.upgrade("head") }.message!!
            branch shouldContain "both follow '${base.id()}'"
            branch shouldContain "zz_other.sql"
            branch shouldContain a.id()
            Files.delete(versions.resolve("zz_other.sql"))

            Files.writeString(versions.resolve("copy.sql"), "-- revision: ${a.id()}\n-- parent: ${a.id()}\n-- upgrade\n-- downgrade\n")
            shouldThrow<MigrationError> { m.history() }.message shouldContain "two revisions have the id '${a.id()}'"
            Files.delete(versions.resolve("copy.sql"))
            Files.writeString(versions.resolve("orphan.sql"), "-- revision: orphan\n-- parent: nowhere\n-- upgrade\n-- downgrade\n")
            shouldThrow<MigrationError> { m.history() }.message shouldContain "follows 'nowhere', which is not in the versions folder"
            Files.delete(versions.resolve("orphan.sql"))
            Files.writeString(versions.resolve("nohead.sql"), "-- upgrade\nSELECT 1;\n")
            shouldThrow<MigrationError> { m.history() }.message shouldContain "nohead.sql has no '-- revision: <id>' header line"
        }
    }

    test("a revision with an empty downgrade is irreversible: downgrading through it is refused before anything is undone") {
        val dir = tempDir()
        val url = "jdbc:sqlite:" + dir.resolve("irreversible.db")
        val versions = dir.resolve("versions")
        Engine.create(url).use { engine ->
            val m = Migrator(engine, versions)
            val first = m.handWritten("notes", "CREATE TABLE notes (id INTEGER PRIMARY KEY);\n")
            Files.writeString(first.file(), Files.readString(first.file()).replace("-- downgrade\n", "-- downgrade\nDROP TABLE notes;\n"))
            val second = m.handWritten("tags", "CREATE TABLE tags (id INTEGER PRIMARY KEY);\n") // no downgrade written
            Migrator(engine, versions).upgrade("head") shouldContainExactly listOf(first.id(), second.id())
            val error = shouldThrow<MigrationError> { Migrator(engine, versions).downgrade("base") }
            error.message shouldContain "revision '${second.id()}'"
            error.message shouldContain "irreversible; nothing was undone"
            Migrator(engine, versions).current() shouldBe second.id()
            engine.connect().use { c -> io.kalchemy.inspect.Inspector(c).tableNames() } shouldContainExactly listOf("kalchemy_version", "notes", "tags")
            val err = ByteArrayOutputStream()
            MigrationCommand.run(arrayOf("--url", url, "--dir", versions.toString(), "downgrade"), PrintStream(ByteArrayOutputStream(), true), PrintStream(err, true)) shouldBe 1
            err.toString() shouldContain "irreversible"
        }
    }

    test("the command line runs revision --autogenerate, upgrade, history, current and downgrade") {
        val dir = tempDir()
        val url = "jdbc:sqlite:" + dir.resolve("cli.db")
        val versions = dir.resolve("versions").toString()
        fun cli(vararg args: String): Pair<Int, String> {
            val out = ByteArrayOutputStream()
            val err = ByteArrayOutputStream()
            val code = MigrationCommand.run(arrayOf("--url", url, "--dir", versions, *args), PrintStream(out, true), PrintStream(err, true))
            return code to (out.toString() + err.toString())
        }
        cli("revision", "-m", "create", "--autogenerate", "--metadata", SchemaV1::class.java.name).let { (code, out) ->
            code shouldBe 0
            out shouldContain "add table users"
        }
        cli("current").second.trim() shouldBe "<base>"
        val (up, upOut) = cli("upgrade")
        up shouldBe 0
        upOut shouldContain "upgraded to"
        val id = cli("current").second.trim()
        cli("history").second shouldContain "<base> -> $id, create (current) (head)"
        cli("revision", "-m", "again", "--autogenerate", "--metadata", SchemaV1::class.java.name).let { (code, out) ->
            code shouldBe 1
            out shouldContain "no difference"
        }
        cli("downgrade").second shouldContain "current: <base>"
        cli("frobnicate").first shouldBe 2
        cli("revision", "--autogenerate").first shouldBe 2 // no -m
        cli("revision", "-m", "x", "--autogenerate").let { (code, out) ->
            code shouldBe 2
            out shouldContain "needs --metadata"
        }
        // per-command help (picocli): the command's usage, its arguments and defaults; nothing runs
        cli("upgrade", "--help").let { (code, out) ->
            code shouldBe 0
            out shouldContain "Usage: kalchemy-migrate upgrade"
            out shouldContain "head (default) or a revision id"
        }
        cli("help", "downgrade").second shouldContain "Undoes revisions"
        cli("--help").second shouldContain "revision"
        cli("current").second.trim() shouldBe "<base>"
    }
})

/** The schema the command-line test autogenerates from, as a user's `--metadata` class. */
class SchemaV1 : java.util.function.Supplier<MetaData> {
    override fun get(): MetaData = schema(1)
}
