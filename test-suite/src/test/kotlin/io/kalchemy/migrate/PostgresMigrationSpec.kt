package io.kalchemy.migrate

import io.kalchemy.engine.EmbeddedPostgresServer
import io.kalchemy.engine.Engine
import io.kalchemy.errors.MigrationError
import io.kalchemy.inspect.Inspector
import io.kalchemy.schema.MetaData
import io.kalchemy.schema.ReferentialAction
import io.kalchemy.types.SqlTypes
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldContainExactly
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.string.shouldNotContain
import java.nio.file.Files

/**
 * Reflection and Alembic's workflow on PostgreSQL: the schema read from `pg_catalog`, and
 * autogenerate emitting real `ALTER TABLE` (no rebuild) with every revision in one transaction.
 * The SQLite side of the same workflow is [MigrationSpec].
 */
class PostgresMigrationSpec : FunSpec({
    fun Engine.columnType(table: String, column: String): Any? =
        scalarText("SELECT data_type FROM information_schema.columns WHERE table_name = '$table' AND column_name = '$column'")

    test("autogenerate -> upgrade -> downgrade alters tables in place: a column retyped with its data, a NOT NULL column with a default, an index") {
        val versions = Files.createTempDirectory("migrations").resolve("versions")
        Engine.create(EmbeddedPostgresServer.freshDatabaseUrl()).use { engine ->
            val m = Migrator(engine, versions)
            val first = m.revision("create users and posts", schema(1))
            m.upgrade("head") shouldContainExactly listOf(first.id())
            engine.exec(
                "INSERT INTO users (id, name, age) VALUES (1, 'Ann', '42'), (2, 'Bob', '7'), (3, 'Cy', NULL)",
                "INSERT INTO posts (id, user_id, title) VALUES (10, 1, 'hello'), (11, 2, 'again')",
            )
            // the reflected schema equals what was mapped: nothing to generate
            shouldThrow<MigrationError> { m.revision("nothing", schema(1)) }.message shouldContain "no difference"

            val second = m.revision("age is a number", schema(2))
            val text = Files.readString(second.file())
            text shouldContain "alter table users: type of age TEXT -> BIGINT"
            text shouldContain "ALTER TABLE users ALTER COLUMN age TYPE BIGINT USING age::BIGINT"
            text shouldContain "ALTER TABLE users ADD COLUMN email TEXT NOT NULL DEFAULT ('')"
            text shouldContain "CREATE INDEX IF NOT EXISTS ix_users_name"
            text shouldNotContain "_kalchemy_batch_"
            engine.exec("CREATE TABLE audit (user_id BIGINT REFERENCES users (id))") // a table the rebuild would have to know about
            engine.exec("INSERT INTO audit VALUES (1)")
            m.upgrade("head") shouldContainExactly listOf(second.id())
            engine.columnType("users", "age") shouldBe "bigint"
            engine.scalarText("SELECT sum(age) FROM users") shouldBe java.math.BigDecimal(49)
            engine.scalarText("SELECT count(*) FROM users WHERE email = ''") shouldBe 3L
            engine.scalarText("SELECT count(*) FROM pg_indexes WHERE indexname = 'ix_users_name'") shouldBe 1L
            engine.scalarText("SELECT count(*) FROM audit") shouldBe 1L // in place: the referring table is untouched
            engine.exec("DROP TABLE audit") // not mapped: autogenerate would drop it
            engine.exec("DELETE FROM users WHERE id = 2")
            engine.scalarText("SELECT count(*) FROM posts") shouldBe 1L // the cascade still works
            shouldThrow<MigrationError> { m.revision("nothing", schema(2)) }.message shouldContain "no difference"

            val third = m.revision("likes", schema(3))
            Files.readString(third.file()) shouldContain "ALTER TABLE posts ADD COLUMN likes BIGINT"
            m.upgrade("head")
            engine.columnType("posts", "likes") shouldBe "bigint"

            m.downgrade(2) shouldContainExactly listOf(third.id(), second.id())
            m.current() shouldBe first.id()
            engine.columnType("users", "age") shouldBe "text"
            engine.scalarText("SELECT age FROM users WHERE id = 1") shouldBe "42"
            engine.columnType("users", "email") shouldBe null
            engine.columnType("posts", "likes") shouldBe null
            engine.scalarText("SELECT count(*) FROM pg_indexes WHERE indexname = 'ix_users_name'") shouldBe 0L
        }
    }

    test("changed foreign keys and unique constraints are dropped by the names PostgreSQL gave them and added back on downgrade") {
        val versions = Files.createTempDirectory("migrations").resolve("versions")
        Engine.create(EmbeddedPostgresServer.freshDatabaseUrl()).use { engine ->
            val m = Migrator(engine, versions)
            m.revision("base", schema(1))
            m.upgrade("head")
            val changed = MetaData().also { md ->
                val users = md.table("users")
                val id = users.column("id", SqlTypes.LONG).primaryKey()
                val name = users.column("name", SqlTypes.TEXT).notNull()
                users.column("age", SqlTypes.TEXT)
                users.unique("uq_users_name", name)
                val posts = md.table("posts")
                posts.column("id", SqlTypes.LONG).primaryKey()
                posts.column("user_id", SqlTypes.LONG).notNull().references(id, ReferentialAction.RESTRICT, ReferentialAction.NO_ACTION).index()
                posts.column("title", SqlTypes.TEXT).notNull()
            }
            val r = m.revision("restrict and unique names", changed)
            Files.readString(r.file()) shouldContain "DROP CONSTRAINT posts_user_id_fkey"
            m.upgrade("head")
            engine.scalarText("SELECT confdeltype FROM pg_constraint WHERE conrelid = 'posts'::regclass AND contype = 'f'") shouldBe "r"
            engine.scalarText("SELECT count(*) FROM pg_constraint WHERE conrelid = 'users'::regclass AND contype = 'u'") shouldBe 1L
            m.downgrade(1)
            engine.scalarText("SELECT confdeltype FROM pg_constraint WHERE conrelid = 'posts'::regclass AND contype = 'f'") shouldBe "c"
            engine.scalarText("SELECT count(*) FROM pg_constraint WHERE conrelid = 'users'::regclass AND contype = 'u'") shouldBe 0L
        }
    }

    test("the inspector reads tables, columns, keys, foreign keys with actions, indexes, unique and check constraints and views from pg_catalog") {
        Engine.create(EmbeddedPostgresServer.freshDatabaseUrl()).use { engine ->
            engine.exec(
                "CREATE TABLE artist (id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, name VARCHAR(120) NOT NULL UNIQUE, born DATE)",
                "CREATE TABLE album (id BIGINT PRIMARY KEY, artist_id BIGINT NOT NULL REFERENCES artist (id) ON DELETE CASCADE ON UPDATE SET NULL," +
                    " title TEXT NOT NULL, price NUMERIC(6,2) CHECK (price >= 0), released TIMESTAMP WITH TIME ZONE, flags BOOLEAN DEFAULT false)",
                "CREATE INDEX ix_album_title ON album (title)",
                "CREATE INDEX ix_album_lower ON album (lower(title))",
                "CREATE VIEW cheap AS SELECT title FROM album WHERE price < 1",
            )
            engine.connect().use { c ->
                val inspector = Inspector(c)
                inspector.tableNames() shouldContainExactly listOf("album", "artist")
                inspector.viewNames() shouldContainExactly listOf("cheap")
                val md = inspector.reflectAll()
                val album = md.tables().single { it.name() == "album" }
                album.columns().map { it.name() + " " + it.type().ddl() + (if (it.isNullable()) "" else " NOT NULL") } shouldContainExactly listOf(
                    "id BIGINT NOT NULL", "artist_id BIGINT NOT NULL", "title TEXT NOT NULL", "price NUMERIC(6,2)",
                    "released TIMESTAMP WITH TIME ZONE", "flags BOOLEAN",
                )
                album.primaryKey().map { it.name() } shouldContainExactly listOf("id")
                album.column<Boolean>("flags").serverDefault() shouldBe "false"
                val fk = album.foreignKeys().single()
                fk.referencedTable().name() shouldBe "artist"
                fk.onDelete() shouldBe ReferentialAction.CASCADE
                fk.onUpdate() shouldBe ReferentialAction.SET_NULL
                album.indexes().map { it.name() } shouldContainExactly listOf("ix_album_title")
                album.checks().single().condition().toString() shouldContain "price >= "
                val artist = md.tables().single { it.name() == "artist" }
                artist.column<String>("name").type().ddl() shouldBe "VARCHAR(120)"
                (artist.column<String>("name").isUnique() || artist.uniqueConstraints().isNotEmpty()) shouldBe true
                inspector.definition("cheap") shouldContain "CREATE VIEW cheap AS"
            }
        }
    }
})
