package io.kalchemy.types

import io.kalchemy.coroutines.Database
import io.kalchemy.coroutines.select
import io.kalchemy.errors.DataError
import io.kalchemy.orm.Entity
import io.kalchemy.orm.Id
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import java.nio.file.Files

@Entity("strict_values")
class StrictValues(@Id var id: Long) {
    var i: Int? = null
    var l: Long? = null
    var d: Double? = null
    var b: Boolean? = null
    var s: Short? = null
    var by: Byte? = null
    var f: Float? = null
}

@Entity("strict_named")
class StrictNamed(@Id var id: Long) {
    var name: String = "" // not nullable, declared in the class body
}

/** Values another program wrote are read exactly or refused with a DataError naming table, column, row and value. */
class StrictReadSpec : FunSpec({
    for (memory in listOf(false, true)) {
        val url = if (memory) "jdbc:sqlite::memory:" else "jdbc:sqlite:" + Files.createTempDirectory("strict").resolve("s.db")

        test("Short, Byte and Float properties are written and read back (${if (memory) "memory" else "file"})") {
            val db = Database.open(url)
            try {
                db.createAll(StrictValues::class)
                db.transaction {
                    add(StrictValues(1).apply { s = -32768; by = 127; f = 0.1f; i = Int.MIN_VALUE; l = Long.MAX_VALUE; d = 2.5; b = true })
                }
                db.read {
                    val v = get<StrictValues>(1L)!!
                    v.s shouldBe (-32768).toShort()
                    v.by shouldBe 127.toByte()
                    v.f shouldBe 0.1f
                    v.i shouldBe Int.MIN_VALUE
                    v.l shouldBe Long.MAX_VALUE
                    v.d shouldBe 2.5
                    v.b shouldBe true
                }
                db.withConnection { c ->
                    c.executeDriverSql("SELECT typeof(s), typeof(f), s FROM strict_values").one().let {
                        it.get(0) shouldBe "integer"
                        it.get(1) shouldBe "real"
                        it.get(2) shouldBe -32768L
                    }
                }
            } finally {
                db.shutdown()
            }
        }

        // stored by another program (plain SQL), each read as the property's type
        val cases = listOf(
            "i" to "3000000000", "i" to "2.5", "i" to "'abc'",
            "l" to "1.5", "l" to "1e19", "l" to "'abc'",
            "d" to "'abc'", "b" to "'yes'", "b" to "2",
            "s" to "70000", "by" to "300", "f" to "0.1",
        )
        for ((column, stored) in cases) {
            test("$column holding $stored is refused with a DataError naming table, column, row and value (${if (memory) "memory" else "file"})") {
                val db = Database.open(url)
                try {
                    db.createAll(StrictValues::class)
                    db.withConnection { c ->
                        c.executeDriverSql("DELETE FROM strict_values")
                        c.executeDriverSql("INSERT INTO strict_values (id, $column) VALUES (7, $stored)")
                    }
                    val e = shouldThrow<DataError> { db.read { select<StrictValues>().list() } }
                    e.message shouldContain "strict_values.$column"
                    e.message shouldContain "id=7"
                    e.message shouldContain stored.trim('\'').let { if (it == "1e19") "1.0E19" else it }
                } finally {
                    db.shutdown()
                }
            }
        }
    }

    test("NULL for a non-nullable property declared in the class body is a DataError naming class, property, table and key") {
        val db = Database.open("jdbc:sqlite::memory:")
        try {
            db.withConnection { c ->
                c.executeDriverSql("CREATE TABLE strict_named (id INTEGER PRIMARY KEY, name TEXT)")
                c.executeDriverSql("INSERT INTO strict_named VALUES (5, NULL)")
            }
            val e = shouldThrow<DataError> { db.read { select<StrictNamed>().list() } }
            e.message shouldContain "StrictNamed.name"
            e.message shouldContain "strict_named.name"
            e.message shouldContain "id=5"
        } finally {
            db.shutdown()
        }
    }

    test("whole numbers stored as REAL by other writers, and integers a double holds exactly, read back") {
        val db = Database.open("jdbc:sqlite::memory:")
        try {
            db.withConnection { c ->
                c.executeDriverSql("CREATE TABLE strict_values (id INTEGER PRIMARY KEY, i, l, d, b, s, \"by\", f)") // no affinity
                c.executeDriverSql("INSERT INTO strict_values VALUES (1, 3.0, -4.0, 9007199254740992, 1.0, 12.0, 7, 2)")
            }
            val v = db.read { get<StrictValues>(1L)!! }
            v.i shouldBe 3
            v.l shouldBe -4L
            v.d shouldBe 9007199254740992.0
            v.b shouldBe true
            v.s shouldBe 12.toShort()
            v.by shouldBe 7.toByte()
            v.f shouldBe 2.0f
        } finally {
            db.shutdown()
        }
    }
})
