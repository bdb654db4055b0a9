package io.kalchemy.orm

import io.kalchemy.coroutines.Database
import io.kalchemy.coroutines.select
import io.kalchemy.engine.Engine
import io.kalchemy.engine.EngineOptions
import io.kalchemy.schema.MetaData
import io.kalchemy.sql.Sql
import io.kalchemy.types.SqlTypes
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.nulls.shouldNotBeNull
import io.kotest.matchers.nulls.shouldBeNull
import io.kotest.matchers.shouldBe
import io.kotest.matchers.shouldNotBe
import java.nio.file.Files
import java.time.Instant
import java.time.LocalDateTime
import java.util.concurrent.atomic.AtomicLong

/** A supplier whose values are easy to tell apart: 1, 2, 3, ... */
class Ticks : java.util.function.Supplier<Long> {
    override fun get(): Long = counter.incrementAndGet()

    companion object {
        val counter = AtomicLong()
    }
}

@Entity("dv_notes")
class DvNote(var body: String) {
    @Id var id: Long? = null
    @MappedColumn(clientDefault = ColumnDefaults.CurrentInstant::class) var createdAt: Instant? = null
    @MappedColumn(onUpdate = Ticks::class) var revision: Long? = null
    @MappedColumn(serverDefault = "'draft'") var status: String? = null
    @MappedColumn(serverDefault = "CURRENT_TIMESTAMP") var stampedAt: LocalDateTime? = null
}

@Entity("dv_bulk")
class DvBulk(var body: String, var createdAt: Instant = Instant.parse("2024-05-06T07:08:09Z")) {
    @Id var id: Long? = null
    var status: String = "new" // a NOT NULL property with an initializer, no column default
}

/** Client defaults, on-update values and server defaults, written by the flush and bulk statements and read back. */
class ColumnDefaultsSpec : FunSpec({
    for (memory in listOf(false, true)) {
        val url = if (memory) "jdbc:sqlite::memory:" else "jdbc:sqlite:" + Files.createTempDirectory("dv").resolve("dv.db")
        val kind = if (memory) "memory" else "file"

        test("insert: a client default fills a null property, server defaults are read back into the object ($kind)") {
            val db = Database.open(url)
            try {
                db.createAll(DvNote::class)
                val note = db.transaction { DvNote("hello").also { add(it); flush() } }
                note.createdAt.shouldNotBeNull()
                note.status shouldBe "draft"
                note.stampedAt.shouldNotBeNull()
                note.revision.shouldBeNull() // on-update only
                val stored = db.withConnection { it.executeDriverSql("SELECT created_at, status FROM dv_notes WHERE id = ?", note.id).one() }
                stored.get(0) shouldNotBe null
                stored.get(1) shouldBe "draft"
                db.read { get<DvNote>(note.id!!)!!.createdAt } shouldBe note.createdAt
                // a value given explicitly wins over both kinds of default
                val given = Instant.parse("2020-01-02T03:04:05Z")
                val explicit = db.transaction { DvNote("x").also { it.createdAt = given; it.status = "final"; add(it) } }
                db.read { get<DvNote>(explicit.id!!)!!.let { it.createdAt to it.status } } shouldBe (given to "final")
            } finally {
                db.shutdown()
            }
        }

        test("update: the on-update value is set at every flush that updates the row, and only then ($kind)") {
            val db = Database.open(url)
            try {
                db.createAll(DvNote::class)
                val id = db.transaction { DvNote("v1").also { add(it) } }.id!!
                val first = db.transaction { getOne<DvNote>(id).also { it.body = "v2"; flush() }.revision }.shouldNotBeNull()
                db.transaction { getOne<DvNote>(id).body } // no change: no UPDATE, no new revision
                db.read { getOne<DvNote>(id).revision } shouldBe first
                val second = db.transaction { getOne<DvNote>(id).also { it.body = "v3"; flush() }.revision }.shouldNotBeNull()
                (second > first) shouldBe true
                db.withConnection { it.executeDriverSql("SELECT revision FROM dv_notes WHERE id = ?", id).scalar<Long>() } shouldBe second
            } finally {
                db.shutdown()
            }
        }

        test("bulk insert of maps that leave a client-default column out gets the default ($kind)") {
            val db = Database.open(url)
            try {
                db.createAll(DvNote::class)
                db.transaction { bulkInsert<DvNote>(listOf(mapOf(DvNote::body to "bulk"))) } shouldBe 1L
                db.read { select<DvNote>().list().single { it.body == "bulk" }.let { it.createdAt to it.status } }.let { (created, status) ->
                    created.shouldNotBeNull()
                    status shouldBe "draft"
                }
            } finally {
                db.shutdown()
            }
        }
    }

    test("bulk insert of maps that leave out NOT NULL properties with Kotlin initializers takes the initializers' values") {
        val db = Database.open("jdbc:sqlite::memory:")
        try {
            db.createAll(DvBulk::class)
            // before: NOT NULL constraint failed: dv_bulk.created_at
            db.transaction { bulkInsert<DvBulk>(listOf(mapOf(DvBulk::body to "a"), mapOf(DvBulk::body to "b", DvBulk::status to "done"))) } shouldBe 2L
            db.withConnection { c ->
                c.executeDriverSql("SELECT body, created_at, status FROM dv_bulk ORDER BY body").all().map { listOf(it.get(0), it.get(1), it.get(2)) }
            } shouldBe listOf(listOf("a", "2024-05-06 07:08:09.000000", "new"), listOf("b", "2024-05-06 07:08:09.000000", "done"))
        } finally {
            db.shutdown()
        }
    }

    test("core Column.onUpdate applies to update(table) statements that do not set the column") {
        Engine.create("jdbc:sqlite::memory:", EngineOptions()).use { engine ->
            val md = MetaData()
            val t = md.table("dv_core")
            val id = t.column("id", SqlTypes.LONG).primaryKey()
            val name = t.column("name", SqlTypes.TEXT)
            val rev = t.column("rev", SqlTypes.LONG).defaultSupplier { 0L }.onUpdate { Ticks().get() }
            engine.createAll(md)
            engine.connect().use { c ->
                c.execute(Sql.insert(t).value(id, 1L).value(name, "a"))
                c.scalar<Long>(Sql.select(rev).from(t)) shouldBe 0L
                c.execute(Sql.update(t).set(name, "b").where(id.eq(1L)))
                val after = c.scalar<Long>(Sql.select(rev).from(t))!!
                (after > 0L) shouldBe true
                c.execute(Sql.update(t).set(rev, -5L).where(id.eq(1L))) // set explicitly: the supplier is not used
                c.scalar<Long>(Sql.select(rev).from(t)) shouldBe -5L
                c.commit()
            }
        }
    }
})
