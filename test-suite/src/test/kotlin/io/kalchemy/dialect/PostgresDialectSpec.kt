package io.kalchemy.dialect

import io.kalchemy.dialect.postgresql.PostgresDialect
import io.kalchemy.engine.Backend
import io.kalchemy.engine.EmbeddedPostgresServer
import io.kalchemy.engine.Engine
import io.kalchemy.engine.EngineOptions
import io.kalchemy.engine.Role
import io.kalchemy.engine.withEngine
import io.kalchemy.errors.DataError
import io.kalchemy.errors.IntegrityError
import io.kalchemy.errors.OperationalError
import io.kalchemy.schema.MetaData
import io.kalchemy.sql.Sql.insert
import io.kalchemy.sql.Sql.select
import io.kalchemy.types.SqlTypes
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.longs.shouldBeLessThan
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import java.math.BigDecimal
import java.time.Instant
import java.time.LocalDate
import java.time.LocalDateTime
import java.time.LocalTime
import java.util.UUID
import java.util.concurrent.CountDownLatch
import java.util.concurrent.TimeUnit
import kotlin.concurrent.thread
import org.postgresql.ds.PGSimpleDataSource

/** What the PostgreSQL dialect does that the shared contracts do not show: native column types, ILIKE, cancel, DataSource detection. */
class PostgresDialectSpec : FunSpec({
    test("every built-in type is declared natively, round-trips, and reads back equal; nanoseconds are cut to microseconds") {
        Backend.postgres.withEngine { engine ->
            val md = MetaData()
            val t = md.table("typed")
            val id = t.column("id", SqlTypes.LONG).primaryKey()
            val flag = t.column("flag", SqlTypes.BOOLEAN)
            val uuid = t.column("uuid", SqlTypes.UUID)
            val big = t.column("big", SqlTypes.LONG)
            val dbl = t.column("dbl", SqlTypes.DOUBLE)
            val blob = t.column("blob", SqlTypes.BLOB)
            val money = t.column("money", SqlTypes.numeric(12, 2))
            val exact = t.column("exact", SqlTypes.DECIMAL)
            val day = t.column("day", SqlTypes.DATE)
            val stamp = t.column("stamp", SqlTypes.DATETIME)
            val time = t.column("time", SqlTypes.TIME)
            val instant = t.column("instant", SqlTypes.INSTANT)
            val role = t.column("role", SqlTypes.enumOf(Role::class.java))
            engine.createAll(md)
            val u = UUID.randomUUID()
            val row = listOf(true, u, Long.MAX_VALUE, 2.5, byteArrayOf(0, 1, -1), BigDecimal("1234567890.10"),
                BigDecimal("123456789012345678901234567890.123456789"), LocalDate.of(-44, 3, 15), LocalDateTime.of(2024, 2, 29, 13, 5, 7, 123_456_789),
                LocalTime.of(23, 59, 59, 999_999_999), Instant.parse("2026-12-02T10:00:00.123456789Z"), Role.ADMIN)
            engine.inTransaction { c ->
                c.execute(insert(t).value(flag, true).value(uuid, u).value(big, Long.MAX_VALUE).value(dbl, 2.5).value(blob, byteArrayOf(0, 1, -1))
                    .value(money, BigDecimal("1234567890.1")).value(exact, row[6] as BigDecimal).value(day, row[7] as LocalDate)
                    .value(stamp, row[8] as LocalDateTime).value(time, row[9] as LocalTime).value(instant, row[10] as Instant).value(role, Role.ADMIN))
            }
            engine.connect().use { c ->
                val back = c.execute(select(flag, uuid, big, dbl, blob, money, exact, day, stamp, time, instant, role)).one()
                back.get(flag) shouldBe true
                back.get(uuid) shouldBe u
                back.get(big) shouldBe Long.MAX_VALUE
                back.get(dbl) shouldBe 2.5
                back.get(blob).toList() shouldBe listOf<Byte>(0, 1, -1)
                back.get(money) shouldBe BigDecimal("1234567890.10")
                back.get(exact) shouldBe row[6]
                back.get(day) shouldBe LocalDate.of(-44, 3, 15)
                back.get(stamp) shouldBe LocalDateTime.of(2024, 2, 29, 13, 5, 7, 123_456_000)
                back.get(time) shouldBe LocalTime.of(23, 59, 59, 999_999_000)
                back.get(instant) shouldBe Instant.parse("2026-12-02T10:00:00.123456Z")
                back.get(role) shouldBe Role.ADMIN
                val declared = c.executeDriverSql(
                    "SELECT column_name, data_type FROM information_schema.columns WHERE table_name = 'typed' ORDER BY ordinal_position",
                ).all().associate { it.get(0) to it.get(1) }
                declared shouldBe mapOf(
                    "id" to "bigint", "flag" to "boolean", "uuid" to "uuid", "big" to "bigint", "dbl" to "double precision",
                    "blob" to "bytea", "money" to "numeric", "exact" to "numeric", "day" to "date", "stamp" to "timestamp without time zone",
                    "time" to "time without time zone", "instant" to "timestamp with time zone", "role" to "character varying",
                )
                c.executeDriverSql("SELECT is_identity FROM information_schema.columns WHERE table_name = 'typed' AND column_name = 'id'")
                    .scalar<String>() shouldBe "YES"
                shouldThrow<DataError> { c.execute(insert(t).value(money, BigDecimal("0.125"))) }.message shouldContain
                    "more than 2 decimal places"
            }
        }
    }

    test("ILIKE is PostgreSQL's own, and matches without regard to case") {
        Backend.postgres.withEngine { engine ->
            val md = MetaData()
            val t = md.table("names")
            t.column("id", SqlTypes.LONG).primaryKey()
            val name = t.column("name", SqlTypes.TEXT)
            engine.createAll(md)
            engine.inTransaction { c -> listOf("Ann", "ANNA", "Bob").forEach { n -> c.execute(insert(t).value(name, n)) } }
            val q = select(name).where(name.ilike("ann%")).orderBy(name)
            PostgresDialect.INSTANCE.compile(q).sql() shouldBe "SELECT names.name FROM names WHERE names.name ILIKE ? ORDER BY names.name"
            engine.connect().use { c -> c.execute(q).scalars<String>().all() shouldBe listOf("ANNA", "Ann") }
        }
    }

    test("interrupting a connection cancels its running statement; the connection stays usable") {
        Backend.postgres.withEngine { engine ->
            engine.connect().use { c ->
                val started = CountDownLatch(1)
                val canceller = thread {
                    started.await(10, TimeUnit.SECONDS)
                    Thread.sleep(200) // let the statement reach the server
                    c.interrupt()
                }
                val begun = System.nanoTime()
                val e = shouldThrow<OperationalError> {
                    started.countDown()
                    c.executeDriverSql("SELECT pg_sleep(30)")
                }
                canceller.join()
                e.kind() shouldBe OperationalError.Kind.INTERRUPTED
                ((System.nanoTime() - begun) / 1_000_000) shouldBeLessThan 20_000L
                c.rollback()
                c.executeDriverSql("SELECT 41 + 1").scalar<Int>() shouldBe 42
            }
        }
    }

    test("an engine made from a PostgreSQL DataSource picks the PostgreSQL dialect; a failed statement undoes only itself there too") {
        val url = EmbeddedPostgresServer.freshDatabaseUrl()
        val source = PGSimpleDataSource().apply { setUrl(url) }
        Engine.create(source, "pg", EngineOptions()).use { engine ->
            engine.dialect() shouldBe PostgresDialect.INSTANCE
            engine.inTransaction { c ->
                c.executeDriverSql("CREATE TABLE t (v TEXT NOT NULL)")
                c.executeDriverSql("INSERT INTO t VALUES ('a')")
                // without autosave PostgreSQL would refuse every later statement of this transaction (25P02)
                shouldThrow<IntegrityError> { c.executeDriverSql("INSERT INTO t VALUES (NULL)") }
                c.executeDriverSql("INSERT INTO t VALUES ('b')")
            }
            engine.connect().use { c -> c.executeDriverSql("SELECT string_agg(v, ',' ORDER BY v) FROM t").scalar<String>() shouldBe "a,b" }
        }
    }

    test("a JSON column is jsonb; paths render as -> and ->> with each key bound; the server refuses a malformed document as not fitting its column") {
        Backend.postgres.withEngine { engine ->
            val md = MetaData()
            val t = md.table("pg_docs")
            val id = t.column("id", SqlTypes.LONG).primaryKey()
            val doc = t.column("doc", io.kalchemy.json.JsonType(io.kalchemy.json.Settings.serializer()))
            engine.createAll(md)
            engine.inTransaction { c -> c.execute(insert(t).value(id, 1L).value(doc, io.kalchemy.json.Settings("dark", false))) }
            engine.connect().use { c ->
                c.executeDriverSql("SELECT data_type FROM information_schema.columns WHERE table_name = 'pg_docs' AND column_name = 'doc'")
                    .scalar<String>() shouldBe "jsonb"
                val theme = io.kalchemy.sql.JsonPathExpression.of(doc, listOf("theme"), io.kalchemy.sql.JsonPathExpression.Kind.TEXT)
                val query = select(theme).where(id.eq(1L))
                engine.dialect().compile(query).sql() shouldContain "(pg_docs.doc ->> ?)"
                c.scalar<String>(query) shouldBe "dark"
                val bad = shouldThrow<IntegrityError> { c.executeDriverSql("UPDATE pg_docs SET doc = CAST('{not json' AS JSONB)") }
                bad.message shouldContain "json"
            }
        }
    }
})
