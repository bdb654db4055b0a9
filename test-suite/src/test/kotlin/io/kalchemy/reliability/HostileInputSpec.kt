package io.kalchemy.reliability

import io.kalchemy.coroutines.Database
import io.kalchemy.coroutines.eq
import io.kalchemy.coroutines.like
import io.kalchemy.coroutines.select
import io.kalchemy.errors.DataError
import io.kalchemy.orm.Entity
import io.kalchemy.orm.Id
import io.kalchemy.orm.MappedColumn
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import java.math.BigDecimal
import java.time.Instant
import java.time.LocalDate
import java.time.LocalDateTime

@Entity("hostile")
class Hostile(@Id var id: Long) {
    var text: String? = null
    var blob: ByteArray? = null
    var number: Double? = null
    var big: Long? = null
    @MappedColumn(type = io.kalchemy.types.DecimalTextType::class) var decimal: BigDecimal? = null // exact text: 40 digits
    var day: LocalDate? = null
    var moment: LocalDateTime? = null
    var instant: Instant? = null
}

/** A table and columns named with quotes, spaces and reserved words. */
@Entity("select \"from\" order")
class WeirdNames(@Id @MappedColumn(name = "group") var id: Long, @MappedColumn(name = "a \"b\" c") var value: String)

/** Values that try to break things round-trip exactly or are refused with a clear error; SQL is never altered by a value. */
class HostileInputSpec : FunSpec({
    suspend fun <R> withDb(block: suspend (Database) -> R): R {
        val db = Database.open("jdbc:sqlite:" + ReliabilityScale.tempDb("hostile.db"))
        try {
            db.createAll(Hostile::class, WeirdNames::class)
            return block(db)
        } finally {
            db.shutdown()
        }
    }

    test("strings with quotes, NUL characters, emoji, injection payloads, 10 MB text and blobs round-trip exactly") {
        withDb { db ->
            val strings = listOf(
                "it's \"quoted\" `back` [bracket]", "nul\u0000inside\u0000", "emoji \uD83D\uDE00 ok", "'; DROP TABLE hostile; --",
                "Robert'); DELETE FROM hostile WHERE ('1'='1", "x".repeat(10 * 1024 * 1024),
            )
            val blob = ByteArray(10 * 1024 * 1024) { (it % 251).toByte() }
            db.transaction { strings.forEachIndexed { i, s -> add(Hostile(i + 1L).apply { text = s; if (i == 0) this.blob = blob }) } }
            db.read {
                strings.forEachIndexed { i, s -> getOne<Hostile>(i + 1L).text shouldBe s }
                getOne<Hostile>(1).blob!!.contentEquals(blob) shouldBe true
                select<Hostile>().where(Hostile::text eq "'; DROP TABLE hostile; --").single().id shouldBe 4L
                select<Hostile>().where(Hostile::text like "%' OR '1'='1%").list().size shouldBe 0
                select<Hostile>().count() shouldBe strings.size.toLong()
            }
        }
    }

    test("an unpaired UTF-16 surrogate is refused instead of being silently replaced") {
        withDb { db ->
            shouldThrow<DataError> { db.transaction { add(Hostile(1).apply { text = "bad \uD800 here" }) } }.message shouldContain
                "unpaired UTF-16 surrogate"
            db.read { select<Hostile>().count() } shouldBe 0L
        }
    }

    test("numbers at the limits: Long.MIN/MAX, Infinity round-trip; NaN is refused (SQLite would store NULL); 40-digit decimals") {
        withDb { db ->
            val forty = BigDecimal("1234567890123456789012345678901234567890.0123456789")
            db.transaction {
                add(Hostile(1).apply { big = Long.MIN_VALUE; number = Double.POSITIVE_INFINITY; decimal = forty })
                add(Hostile(2).apply { big = Long.MAX_VALUE; number = Double.NEGATIVE_INFINITY; decimal = forty.negate() })
            }
            db.read {
                getOne<Hostile>(1).big shouldBe Long.MIN_VALUE
                getOne<Hostile>(1).number shouldBe Double.POSITIVE_INFINITY
                getOne<Hostile>(2).number shouldBe Double.NEGATIVE_INFINITY
                getOne<Hostile>(1).decimal shouldBe forty
                getOne<Hostile>(2).decimal shouldBe forty.negate()
            }
            shouldThrow<DataError> { db.transaction { add(Hostile(3).apply { number = Double.NaN }) } }.message shouldContain "NaN"
        }
    }

    test("dates at the limits round-trip; instants beyond the supported range are refused clearly") {
        withDb { db ->
            db.transaction {
                add(Hostile(1).apply { day = LocalDate.MIN; moment = LocalDateTime.MIN; instant = Instant.parse("-9999-01-01T00:00:00Z") })
                add(Hostile(2).apply { day = LocalDate.MAX; moment = LocalDateTime.MAX; instant = Instant.parse("9999-12-31T23:59:59.999999999Z") })
            }
            db.read {
                getOne<Hostile>(1).day shouldBe LocalDate.MIN
                getOne<Hostile>(1).moment shouldBe LocalDateTime.MIN
                getOne<Hostile>(2).moment shouldBe LocalDateTime.MAX
                getOne<Hostile>(2).instant shouldBe Instant.parse("9999-12-31T23:59:59.999999999Z")
                getOne<Hostile>(1).instant shouldBe Instant.parse("-9999-01-01T00:00:00Z")
            }
            shouldThrow<DataError> { db.transaction { add(Hostile(3).apply { instant = Instant.MAX }) } }.message shouldContain "cannot store Instant"
        }
    }

    test("table and column names with quotes, spaces and reserved words work through the ORM") {
        withDb { db ->
            db.transaction { add(WeirdNames(1, "v'1")); add(WeirdNames(2, "v\"2")) }
            db.read {
                select<WeirdNames>().where(WeirdNames::value eq "v\"2").single().id shouldBe 2L
                select<WeirdNames>().count() shouldBe 2L
            }
        }
    }
})
