package io.kalchemy.engine

import io.kalchemy.dialect.TransactionMode
import io.kalchemy.errors.ArgumentError
import io.kalchemy.errors.DataError
import io.kalchemy.errors.IntegrityError
import io.kalchemy.errors.InvalidRequestError
import io.kalchemy.errors.MultipleResultsFound
import io.kalchemy.errors.NoResultFound
import io.kalchemy.errors.ProgrammingError
import io.kalchemy.errors.ResourceClosedError
import io.kalchemy.schema.MetaData
import io.kalchemy.sql.Sql.bindParam
import io.kalchemy.sql.Sql.count
import io.kalchemy.sql.Sql.delete
import io.kalchemy.sql.Sql.excluded
import io.kalchemy.sql.Sql.exists
import io.kalchemy.sql.Sql.func
import io.kalchemy.sql.Sql.insert
import io.kalchemy.sql.Sql.select
import io.kalchemy.sql.Sql.sum
import io.kalchemy.sql.Sql.text
import io.kalchemy.sql.Sql.update
import io.kalchemy.types.SqlTypes
import io.kalchemy.types.TypeDecorator
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.ints.shouldBeLessThan
import io.kotest.matchers.collections.shouldContainExactly
import io.kotest.matchers.collections.shouldHaveSize
import io.kotest.matchers.nulls.shouldBeNull
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.string.shouldStartWith
import io.kotest.matchers.types.shouldBeInstanceOf
import org.sqlite.Function
import java.math.BigDecimal
import java.time.Instant
import java.time.LocalDate
import java.time.LocalDateTime
import java.time.LocalTime
import java.util.UUID

/**
 * What the SQL core does only on SQLite: storage formats shared with SQLAlchemy's SQLite dialect,
 * nanosecond temporal values stored as text, SQLite functions registered by connect hooks, and
 * PRAGMA settings. [MemorySqliteCoreSpec] and [FileSqliteCoreSpec] run it on `:memory:` and a WAL file.
 */
abstract class SqliteCoreContract(backend: Backend) : FunSpec({
    test("storage formats match SQLAlchemy's SQLite dialect, both ways") {
        backend.withEngine { engine ->
            engine.connect().use { c ->
                c.executeDriverSql("CREATE TABLE py (dt DATETIME, d DATE, t TIME, b BOOLEAN, u CHAR(32), n NUMERIC, e VARCHAR(6))")
                val u = UUID.fromString("0f8fad5b-d9cb-469f-a165-70867728950e")
                c.execute(
                    text("INSERT INTO py VALUES (:dt, :d, :t, :b, :u, :n, :e)")
                        .bind("dt", LocalDateTime.of(2024, 3, 9, 14, 5), SqlTypes.DATETIME)
                        .bind("d", LocalDate.of(2024, 3, 9), SqlTypes.DATE)
                        .bind("t", LocalTime.of(7, 8, 9), SqlTypes.TIME)
                        .bind("b", true, SqlTypes.BOOLEAN).bind("u", u, SqlTypes.UUID)
                        .bind("n", BigDecimal("2.50"), SqlTypes.NUMERIC).bind("e", Role.MEMBER, SqlTypes.enumOf(Role::class.java)),
                )
                val raw = c.executeDriverSql("SELECT dt, d, t, b, typeof(b), u, n, typeof(n), e FROM py").one()
                raw.values() shouldContainExactly listOf(
                    "2024-03-09 14:05:00.000000", "2024-03-09", "07:08:09.000000", 1L, "integer",
                    "0f8fad5bd9cb469fa16570867728950e", 2.5, "real", "MEMBER",
                )
                // rows as a Python service writes them (SQLAlchemy's formats, some without microseconds)
                c.executeDriverSql("DELETE FROM py")
                c.executeDriverSql(
                    "INSERT INTO py VALUES ('2021-06-01 10:20:30', '2021-06-01', '10:20:30', 0," +
                        " '0f8fad5bd9cb469fa16570867728950e', 3.25, 'ADMIN')",
                )
                val back = c.executeDriverSql("SELECT dt, d, t, b, u, n, e FROM py").one()
                back.get(0, SqlTypes.DATETIME) shouldBe LocalDateTime.of(2021, 6, 1, 10, 20, 30)
                back.get(0, SqlTypes.INSTANT) shouldBe Instant.parse("2021-06-01T10:20:30Z")
                back.get(1, SqlTypes.DATE) shouldBe LocalDate.of(2021, 6, 1)
                back.get(2, SqlTypes.TIME) shouldBe LocalTime.of(10, 20, 30)
                back.get(3, SqlTypes.BOOLEAN) shouldBe false
                back.get(4, SqlTypes.UUID) shouldBe u
                back.get(5, SqlTypes.NUMERIC) shouldBe BigDecimal("3.25")
                back.get(6, SqlTypes.enumOf(Role::class.java)) shouldBe Role.ADMIN
            }
        }
    }

    test("dates and times at the limits round-trip exactly") {
        backend.withEngine { engine ->
            val md = MetaData()
            val t = md.table("limits")
            val id = t.column("id", SqlTypes.LONG).primaryKey()
            val d = t.column("d", SqlTypes.DATE)
            val dt = t.column("dt", SqlTypes.DATETIME)
            val tm = t.column("tm", SqlTypes.TIME)
            val inst = t.column("inst", SqlTypes.INSTANT)
            engine.createAll(md)
            val cases = listOf(
                listOf(LocalDate.of(1, 1, 1), LocalDateTime.of(9999, 12, 31, 23, 59, 59, 999_999_999), LocalTime.MIDNIGHT, Instant.EPOCH),
                listOf(LocalDate.of(-44, 3, 15), LocalDateTime.of(12345, 6, 7, 8, 9, 10, 123_456_000), LocalTime.MAX, Instant.parse("1969-12-31T23:59:59.000000001Z")),
                listOf(LocalDate.of(2024, 2, 29), LocalDateTime.of(-1, 1, 1, 0, 0), LocalTime.of(1, 2, 3, 4), Instant.parse("2038-01-19T03:14:08Z")),
            )
            engine.inTransaction { c ->
                cases.forEach { (a, b, cc, e) ->
                    c.execute(insert(t).value(d, a as LocalDate).value(dt, b as LocalDateTime).value(tm, cc as LocalTime).value(inst, e as Instant))
                }
            }
            engine.connect().use { c ->
                c.execute(select(d, dt, tm, inst).orderBy(id)).all().map { it.values() } shouldContainExactly cases
                c.executeDriverSql("SELECT d, dt FROM limits ORDER BY id").all()[1].values() shouldContainExactly
                    listOf("-0044-03-15", "+12345-06-07 08:09:10.123456")
            }
        }
    }

    test("connect hooks run on each new connection: a user-defined SQL function") {
        val options = EngineOptions().onConnect { jdbc ->
            Function.create(jdbc, "reverse_text", object : Function() {
                override fun xFunc() = result(StringBuilder(value_text(0)).reverse().toString())
            })
        }
        backend.withEngine(options) { engine ->
            engine.connect().use { c ->
                c.scalar<String>(select(func("reverse_text", SqlTypes.TEXT, io.kalchemy.sql.Sql.literal("kalchemy")))) shouldBe "ymehclak"
            }
        }
    }

    test("pragmas are applied on connect and can be overridden") {
        backend.withEngine(EngineOptions().pragma("cache_size", "-4000")) { engine ->
            engine.connect().use { c ->
                c.executeDriverSql("PRAGMA foreign_keys").scalar<Long>() shouldBe 1L
                c.executeDriverSql("PRAGMA busy_timeout").scalar<Long>() shouldBe 5000L
                c.executeDriverSql("PRAGMA cache_size").scalar<Long>() shouldBe -4000L
                val mode = c.executeDriverSql("PRAGMA journal_mode").scalar<String>()
                mode shouldBe (if (engine.isMemory) "memory" else "wal")
            }
        }
        shouldThrow<ArgumentError> { EngineOptions().pragma("journal_mode", "WAL; DROP TABLE x") }
    }
})

class MemorySqliteCoreSpec : SqliteCoreContract(Backend.memory)

class FileSqliteCoreSpec : SqliteCoreContract(Backend.file)
