package io.kalchemy.coroutines

import io.kalchemy.capturedErr
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.string.shouldNotContain
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.CoroutineName
import kotlinx.coroutines.CoroutineStart
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.async
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.withTimeout
import kotlinx.coroutines.yield

/** Holds the writer in coroutine "monthly-report" until [release], while another transaction waits for it. */
private suspend fun holdWhileAnotherWaits(db: Database, waitFor: suspend () -> Unit) = coroutineScope {
    val holding = CompletableDeferred<Unit>()
    val release = CompletableDeferred<Unit>()
    val holder = async(Dispatchers.Default + CoroutineName("monthly-report")) {
        db.transaction {
            add(CoUser("report@x", "Report"))
            holding.complete(Unit)
            release.await() // suspends holding the writer, as a transaction awaiting other work does
        }
    }
    holding.await()
    val waiter = async(Dispatchers.Default + CoroutineName("signup"), start = CoroutineStart.UNDISPATCHED) {
        db.transaction { add(CoUser("signup@x", "Signup")) }
    }
    waitFor()
    release.complete(Unit)
    holder.await()
    waiter.await()
}

/** The writer-wait warning: who holds SQLite's one writer while others wait (DatabaseConfig.writerWaitWarnMillis). */
class WriterWaitDiagnosticsSpec : FunSpec({
    test("a transaction that waits longer than writerWaitWarnMillis gets one WARN naming the holding coroutine, how long, and where it began") {
        withDatabase(configure = { writerWaitWarnMillis = 100; traceWriterOrigins = true }) { db ->
            val out = capturedErr { err ->
                holdWhileAnotherWaits(db) {
                    // the watchdog runs on its own timer: wait (bounded) until it has spoken
                    withTimeout(10_000) { while (!err.toString().contains("io.kalchemy.writer")) yield() }
                }
            }
            out shouldContain "WARN io.kalchemy.writer - 1 write transaction(s) waiting for the writer of jdbc:sqlite:"
            out shouldContain "it is held by transaction {} in coroutine \"monthly-report\" for "
            out shouldContain "begun at io.kalchemy.coroutines.WriterWaitDiagnosticsSpecKt" // the holder's call site in this file
            out.split("io.kalchemy.writer").size shouldBe 2 // one holding, one warning
            db.read { select<CoUser>().count() } shouldBe 2L
        }
    }

    test("without traceWriterOrigins the warning names the coroutine but no call site; writerWaitWarnMillis = 0 turns it off") {
        withDatabase(configure = { writerWaitWarnMillis = 100 }) { db ->
            val out = capturedErr { err ->
                holdWhileAnotherWaits(db) { withTimeout(10_000) { while (!err.toString().contains("io.kalchemy.writer")) yield() } }
            }
            out shouldContain "coroutine \"monthly-report\""
            out shouldNotContain "begun at"
        }
        withDatabase(configure = { writerWaitWarnMillis = 0 }) { db ->
            val out = capturedErr {
                holdWhileAnotherWaits(db) {
                    // with the warning on, 100 ms of waiting would have produced it: hold three times that
                    val until = System.nanoTime() + 300_000_000
                    while (System.nanoTime() < until) yield()
                }
            }
            out shouldNotContain "io.kalchemy.writer"
        }
    }
})
