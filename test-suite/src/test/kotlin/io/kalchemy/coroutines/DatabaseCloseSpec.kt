package io.kalchemy.coroutines

import io.kalchemy.errors.ResourceClosedError
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.async
import kotlinx.coroutines.coroutineScope
import java.nio.file.Files
import java.util.concurrent.CountDownLatch
import java.util.concurrent.TimeUnit
import java.util.concurrent.atomic.AtomicReference
import kotlin.concurrent.thread

private fun fileUrl() = "jdbc:sqlite:" + Files.createTempDirectory("kalchemy-close").resolve("db.sqlite")

/** The two ways to close a [Database]: `shutdown()` suspends, the `AutoCloseable` `close()` blocks. */
class DatabaseCloseSpec : FunSpec({
    test("Database is AutoCloseable: use {} closes it, and what was committed inside is in the file") {
        val url = fileUrl()
        val used = Database.open(url).use { db ->
            db.createAll(CoUser::class)
            db.transaction { add(CoUser("kept@x", "Kept")) }
            db
        }
        used.isClosed shouldBe true
        used.connectionsInUse() shouldBe 0
        shouldThrow<ResourceClosedError> { used.read { select<CoUser>().count() } }
        withDatabaseAt(url) { again -> again.read { select<CoUser>().list().map { it.email } } } shouldBe listOf("kept@x")
    }

    test("the blocking close() on another thread waits for the running transaction, which commits, then closes") {
        val url = fileUrl()
        val db = Database.open(url)
        db.createAll(CoUser::class)
        val inside = CountDownLatch(1)
        val release = CountDownLatch(1)
        coroutineScope {
            val running = async(Dispatchers.Default) {
                db.transaction {
                    add(CoUser("during@x", "During"))
                    flush()
                    inside.countDown()
                    release.await(10, TimeUnit.SECONDS) shouldBe true // holds the writer until the closer is known to wait
                }
            }
            inside.await(10, TimeUnit.SECONDS) shouldBe true
            val failure = AtomicReference<Throwable?>()
            val closer = thread(name = "closer") { runCatching { db.close() }.onFailure(failure::set) }
            // isClosed turns true when close begins; it cannot finish while the transaction holds the writer
            while (!db.isClosed) Thread.onSpinWait()
            closer.isAlive shouldBe true
            shouldThrow<ResourceClosedError> { db.transaction { add(CoUser("late@x", "Late")) } }
            release.countDown()
            running.await()
            closer.join(10_000)
            closer.isAlive shouldBe false
            failure.get() shouldBe null
        }
        db.connectionsInUse() shouldBe 0
        withDatabaseAt(url) { again -> again.read { select<CoUser>().list().map { it.email } } } shouldBe listOf("during@x")
    }

    test("shutdown() and close() are idempotent, in either order") {
        val db = Database.open(fileUrl())
        db.shutdown()
        db.close()
        db.shutdown()
        db.isClosed shouldBe true
    }
})
