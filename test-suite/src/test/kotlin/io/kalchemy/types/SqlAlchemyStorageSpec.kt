package io.kalchemy.types

import io.kalchemy.coroutines.Database
import io.kalchemy.coroutines.column
import io.kalchemy.coroutines.gt
import io.kalchemy.coroutines.select
import io.kalchemy.coroutines.selectValue
import io.kalchemy.errors.DataError
import io.kalchemy.json.Json
import io.kalchemy.orm.Entity
import io.kalchemy.orm.Id
import io.kalchemy.orm.MappedColumn
import io.kalchemy.sql.Sql
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldContainExactly
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import java.math.BigDecimal
import java.nio.file.Files
import java.time.LocalDate
import java.time.LocalDateTime
import kotlinx.serialization.Serializable

@Serializable
data class OrderMeta(val channel: String, val gift: Boolean = false)

@Entity("sa_orders")
class SaOrder(@Id var id: Long) {
    @MappedColumn(precision = 12, scale = 2) var price: BigDecimal = BigDecimal.ZERO
    var quantity: Long = 0
    var paid: Boolean = false
    var day: LocalDate = LocalDate.of(2024, 1, 1)
    var at: LocalDateTime = LocalDateTime.of(2024, 1, 1, 0, 0)
    @Json var meta: OrderMeta = OrderMeta("web")
    var plain: BigDecimal? = null // NUMERIC without precision or scale
    @MappedColumn(type = DecimalTextType::class) var exact: BigDecimal? = null // chosen exact text
}

/**
 * A database Kalchemy writes holds what SQLAlchemy's SQLite dialect writes for Numeric(12, 2),
 * Boolean, Date, DateTime and JSON (checked without Python: typeof() and the stored text), and
 * decimals behave as numbers in SQL.
 */
class SqlAlchemyStorageSpec : FunSpec({
    for (url in listOf("jdbc:sqlite::memory:", "jdbc:sqlite:" + Files.createTempDirectory("sa").resolve("sa.db"))) {
        val kind = if (url.contains(":memory:")) "memory" else "file"

        test("stored types and texts are SQLAlchemy's; decimals read back at their scale, equal by equals and compareTo ($kind)") {
            val db = Database.open(url)
            try {
                db.createAll(SaOrder::class)
                db.transaction {
                    add(SaOrder(1).apply {
                        price = BigDecimal("12340.10"); quantity = 3; paid = true
                        day = LocalDate.of(2024, 3, 9); at = LocalDateTime.of(2024, 3, 9, 14, 5)
                        meta = OrderMeta("shop", gift = true); plain = BigDecimal("2.5"); exact = BigDecimal("1E+30")
                    })
                    add(SaOrder(2).apply { price = BigDecimal("9.99"); quantity = 10; plain = BigDecimal("7") })
                    add(SaOrder(3).apply { price = BigDecimal("100"); quantity = 1 })
                }
                db.outsideTransaction { c ->
                    c.executeDriverSql("SELECT sql FROM sqlite_master WHERE name = 'sa_orders'").scalar<String>()!! shouldContain "NUMERIC(12,2)"
                    val row = c.executeDriverSql(
                        "SELECT typeof(price), price, typeof(paid), paid, typeof(day), day, at, meta, typeof(plain), typeof(exact), exact " +
                            "FROM sa_orders WHERE id = 1",
                    ).one()
                    row.get(0) shouldBe "real"
                    row.get(1) shouldBe 12340.1 // what SQLAlchemy writes: float(Decimal("12340.10"))
                    row.get(2) shouldBe "integer"
                    row.get(3) shouldBe 1L
                    row.get(4) shouldBe "text"
                    row.get(5) shouldBe "2024-03-09"
                    row.get(6) shouldBe "2024-03-09 14:05:00.000000"
                    row.get(7) shouldBe """{"channel":"shop","gift":true}"""
                    row.get(8) shouldBe "real"
                    row.get(9) shouldBe "text"
                    row.get(10) shouldBe "1E+30"
                    c.executeDriverSql("SELECT typeof(price), price FROM sa_orders WHERE id = 3").one().let {
                        it.get(0) shouldBe "integer" // NUMERIC affinity keeps a whole number as INTEGER
                        it.get(1) shouldBe 100L
                    }
                }
                db.read {
                    val o = get<SaOrder>(1L)!!
                    o.price shouldBe BigDecimal("12340.10") // equals: same scale
                    o.price.compareTo(BigDecimal("12340.10")) shouldBe 0
                    o.price.scale() shouldBe 2
                    get<SaOrder>(3L)!!.price shouldBe BigDecimal("100.00")
                    o.plain shouldBe BigDecimal("2.5")
                    o.exact shouldBe BigDecimal("1E+30")
                    o.exact!!.scale() shouldBe -30
                    o.meta shouldBe OrderMeta("shop", gift = true)
                    // numeric SQL: comparison, ordering, arithmetic and aggregates
                    select(SaOrder::id).where(SaOrder::price gt BigDecimal("10")).orderBy(SaOrder::id).list() shouldContainExactly listOf(1L, 3L)
                    select(SaOrder::id).orderBy(SaOrder::price).list() shouldContainExactly listOf(2L, 3L, 1L)
                    selectValue(Sql.sum(SaOrder::price.column)).list().single() shouldBe BigDecimal("12450.09")
                    // a hybrid-style expression: price * quantity, compared as a number
                    select(SaOrder::id).where(SaOrder::price.column.times(BigDecimal("1")).gt(BigDecimal("50"))).orderBy(SaOrder::id).list() shouldContainExactly
                        listOf(1L, 3L)
                    selectValue(Sql.max(SaOrder::price.column)).list().single() shouldBe BigDecimal("12340.10")
                }
            } finally {
                db.shutdown()
            }
        }
    }

    test("values a double cannot carry at the declared scale are refused, naming the value; nothing is written") {
        val db = Database.open("jdbc:sqlite::memory:")
        try {
            db.createAll(SaOrder::class)
            shouldThrow<DataError> { db.transaction { add(SaOrder(1).apply { price = BigDecimal("1.005") }) } }.message shouldContain "1.005"
            shouldThrow<DataError> { db.transaction { add(SaOrder(1).apply { price = BigDecimal("12345678901.00") }) } }.message shouldContain "digits before"
            shouldThrow<DataError> { db.transaction { add(SaOrder(1).apply { plain = BigDecimal("0.12345678901234567890") }) } }.message shouldContain "exactly"
            db.read { select<SaOrder>().count() } shouldBe 0L
        } finally {
            db.shutdown()
        }
    }

    test("REAL noise from SQL arithmetic rounds to the scale; a stored value with more decimals than the scale is a DataError") {
        val db = Database.open("jdbc:sqlite::memory:")
        try {
            db.createAll(SaOrder::class)
            db.withConnection { c ->
                c.executeDriverSql("INSERT INTO sa_orders (id, price, quantity, paid, day, at, meta) VALUES (1, 0.1 + 0.2, 1, 0, '2024-01-01', '2024-01-01 00:00:00', '{\"channel\":\"x\"}')")
                c.executeDriverSql("INSERT INTO sa_orders (id, price, quantity, paid, day, at, meta) VALUES (2, 2.345, 1, 0, '2024-01-01', '2024-01-01 00:00:00', '{\"channel\":\"x\"}')")
            }
            db.read { get<SaOrder>(1L)!!.price } shouldBe BigDecimal("0.30")
            shouldThrow<DataError> { db.read { get<SaOrder>(2L) } }.message shouldContain "2.345"
        } finally {
            db.shutdown()
        }
    }
})
