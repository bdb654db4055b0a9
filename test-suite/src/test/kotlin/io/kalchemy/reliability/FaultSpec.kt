package io.kalchemy.reliability

import io.kalchemy.coroutines.Database
import io.kalchemy.coroutines.select
import io.kalchemy.engine.Engine
import io.kalchemy.engine.EngineOptions
import io.kalchemy.errors.OperationalError
import io.kalchemy.orm.Entity
import io.kalchemy.orm.Id
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.longs.shouldBeLessThan
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import java.nio.file.Files
import java.util.concurrent.TimeUnit

@Entity("fault_rows")
class FaultRow(@Id var id: Long, var payload: String)

/** Faults from outside: each gives a project exception that says what happened, and committed data survives. */
class FaultSpec : FunSpec({
    test("disk full (max_page_count): OperationalError DISK_FULL, the database stays usable, committed rows survive") {
        val db = Database.open("jdbc:sqlite:" + ReliabilityScale.tempDb("full.db")) { pragma("max_page_count", "40") }
        try {
            db.createAll(FaultRow::class)
            db.transaction { add(FaultRow(1, "kept")) }
            val e = shouldThrow<OperationalError> { db.transaction { (2..2_000L).forEach { add(FaultRow(it, "x".repeat(500))) } } }
            e.kind() shouldBe OperationalError.Kind.DISK_FULL
            e.message shouldContain "full"
            db.read { select<FaultRow>().list().map { it.payload } } shouldBe listOf("kept")
            db.transaction { add(FaultRow(3, "after")) }
            db.read { select<FaultRow>().count() } shouldBe 2L
        } finally {
            db.shutdown()
        }
    }

    test("a read-only database refuses writes with READ_ONLY and keeps serving reads") {
        val file = ReliabilityScale.tempDb("ro.db")
        Database.open("jdbc:sqlite:$file").also { it.createAll(FaultRow::class); it.transaction { add(FaultRow(1, "x")) }; it.shutdown() }
        val ro = Database.open("jdbc:sqlite:file:$file?mode=ro") { pragma("journal_mode", null) }
        try {
            shouldThrow<OperationalError> { ro.transaction { add(FaultRow(2, "y")) } }.kind() shouldBe OperationalError.Kind.READ_ONLY
            ro.read { select<FaultRow>().count() } shouldBe 1L
        } finally {
            ro.shutdown()
        }
    }

    test("another process holding a write transaction: BUSY after the busy timeout, no hang; works once it lets go") {
        val file = ReliabilityScale.tempDb("locked.db")
        val db = Database.open("jdbc:sqlite:$file") { busyTimeoutMillis = 300 }
        try {
            db.createAll(FaultRow::class)
            val holder = ReliabilityScale.childJvm("io.kalchemy.reliability.LockHolderKt", file.toString(), "3000")
            holder.inputStream.bufferedReader().readLine() shouldBe "LOCKED"
            val started = System.nanoTime()
            val e = shouldThrow<OperationalError> { db.transaction { add(FaultRow(1, "x")) } }
            e.kind() shouldBe OperationalError.Kind.BUSY
            ((System.nanoTime() - started) / 1_000_000) shouldBeLessThan 2_500L
            holder.waitFor(10, TimeUnit.SECONDS) shouldBe true
            db.transaction { add(FaultRow(1, "x")) }
            db.read { select<FaultRow>().count() } shouldBe 1L
        } finally {
            db.shutdown()
        }
    }

    test("a file that is not a database, and a missing directory, fail clearly at connect") {
        val junk = ReliabilityScale.tempDb("junk.db")
        Files.write(junk, ByteArray(8192) { (it * 31).toByte() })
        val e = shouldThrow<OperationalError> { Engine.create("jdbc:sqlite:$junk", EngineOptions()).connect() }
        e.kind() shouldBe OperationalError.Kind.NOT_A_DATABASE
        e.message shouldContain junk.toString()
        shouldThrow<OperationalError> { Engine.create("jdbc:sqlite:/no/such/dir/x.db").connect() }.kind() shouldBe
            OperationalError.Kind.CANNOT_OPEN
    }

    test("the database file deleted under an open connection: the open database keeps working on its file") {
        val file = ReliabilityScale.tempDb("deleted.db")
        val db = Database.open("jdbc:sqlite:$file")
        try {
            db.createAll(FaultRow::class)
            db.transaction { add(FaultRow(1, "before")) }
            Files.deleteIfExists(file)
            Files.deleteIfExists(file.resolveSibling("deleted.db-wal"))
            Files.deleteIfExists(file.resolveSibling("deleted.db-shm"))
            // POSIX keeps an unlinked file alive for the connections that have it open
            db.transaction { add(FaultRow(2, "after")) }
            db.transaction { select<FaultRow>().count() } shouldBe 2L
        } finally {
            db.shutdown()
        }
    }
})
