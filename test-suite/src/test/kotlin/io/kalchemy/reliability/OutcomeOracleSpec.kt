package io.kalchemy.reliability

import io.kalchemy.coroutines.Database
import io.kalchemy.coroutines.select
import io.kalchemy.orm.Entity
import io.kalchemy.orm.Id
import io.kalchemy.orm.MappedColumn
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import java.util.concurrent.CompletableFuture
import java.util.concurrent.ConcurrentHashMap
import java.util.concurrent.ExecutionException
import java.util.concurrent.TimeUnit
import kotlin.random.Random
import kotlin.time.Duration.Companion.milliseconds
import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.CoroutineStart
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.Job
import kotlinx.coroutines.delay
import kotlinx.coroutines.launch
import kotlinx.coroutines.supervisorScope
import kotlinx.coroutines.withContext
import kotlinx.coroutines.withTimeout
import kotlinx.coroutines.yield

@Entity("oracle_markers")
class OracleMarker(@Id var id: Long, @MappedColumn(unique = true) var tag: String)

/** What a caller was told. */
private enum class Told { COMMITTED, NOT_COMMITTED }

/**
 * The outcome oracle: many coroutines and Java futures run transactions that write unique markers,
 * with business failures, constraint violations, time limits, cancellations at random points
 * (before BEGIN, mid-block, during flush, while waiting for a group's COMMIT), nested
 * transactions and savepoints, with group commit on and off. Each records what it was told.
 * Afterwards the database holds exactly the markers of the callers told "committed", no caller is
 * still waiting, and the writer and readers are free.
 */
class OutcomeOracleSpec : FunSpec({
    timeout = 1_800_000L

    for (grouped in listOf(false, true)) {
        test("every caller is told the truth about its transaction (group commit $grouped)") {
            val transactions = ReliabilityScale.pick(1_500, 100_000)
            val db = Database.open("jdbc:sqlite:" + ReliabilityScale.tempDb("oracle.db")) { groupCommit = grouped; readers = 2 }
            try {
                db.createAll(OracleMarker::class)
                db.transaction { add(OracleMarker(Long.MIN_VALUE, "taken")) } // not 0: a primitive id of 0 means "generate one"
                val told = ConcurrentHashMap<Long, Told>()
                val kinds = ConcurrentHashMap<Long, Int>()
                // nested work that the outer block catches: its markers must never be in the database
                val neverCommitted = ConcurrentHashMap.newKeySet<Long>()
                val random = Random(if (grouped) 11 else 13)
                val started = System.nanoTime()
                val batch = 500
                var first = 1L
                while (first <= transactions) {
                    val last = minOf(transactions.toLong(), first + batch - 1)
                    supervisorScope {
                        val cancellable = ArrayList<Job>()
                        val futures = ArrayList<Pair<Long, CompletableFuture<*>>>()
                        for (id in first..last) {
                            val kind = random.nextInt(9)
                            kinds[id] = kind
                            val pause = random.nextInt(3)
                            suspend fun record(block: suspend () -> Unit) {
                                try {
                                    block()
                                    told[id] = Told.COMMITTED
                                } catch (e: Throwable) {
                                    told[id] = Told.NOT_COMMITTED
                                    if (e !is CancellationException && e !is io.kalchemy.errors.KalchemyException && e !is IllegalStateException) throw e
                                }
                            }
                            when (kind) {
                                0, 1 -> cancellable += launch(Dispatchers.Default, start = CoroutineStart.ATOMIC) {
                                    record { db.transaction { add(OracleMarker(id, "m$id")); if (pause > 0) yield(); flush() } }
                                }
                                2 -> launch(Dispatchers.Default) {
                                    record { db.transaction { add(OracleMarker(id, "m$id")); flush(); if (pause == 0) error("business rule") } }
                                }
                                3 -> launch(Dispatchers.Default) {
                                    // a constraint violation in some: the tag "taken" exists
                                    record { db.transaction { add(OracleMarker(id, if (pause == 0) "taken" else "m$id")) } }
                                }
                                4 -> launch(Dispatchers.Default) {
                                    record { db.transaction(timeout = (1 + pause).milliseconds) { add(OracleMarker(id, "m$id")); if (pause > 1) delay(1) } }
                                }
                                5 -> cancellable += launch(Dispatchers.Default, start = CoroutineStart.ATOMIC) {
                                    neverCommitted += -id
                                    record {
                                        db.transaction {
                                            add(OracleMarker(id, "m$id"))
                                            runCatching { db.transaction { add(OracleMarker(-id, "n$id")); flush(); error("inner fails") } }
                                            runCatching { savepoint { add(OracleMarker(-id - 10_000_000, "s$id")); flush(); error("savepoint fails") } }
                                        }
                                    }
                                    neverCommitted += -id - 10_000_000
                                }
                                6 -> {
                                    val f = db.futures().transaction { s -> s.add(OracleMarker(id, "m$id")); s.flush(); id }
                                    futures += id to f
                                    if (pause == 0) launch(Dispatchers.Default) { yield(); f.cancel(true) }
                                }
                                7 -> cancellable += launch(Dispatchers.Default, start = CoroutineStart.ATOMIC) {
                                    // cancelled while it may be waiting for a group's COMMIT
                                    record { db.transaction { add(OracleMarker(id, "m$id")) } }
                                }
                                else -> launch(Dispatchers.Default) { record { db.transaction { add(OracleMarker(id, "m$id")) } } }
                            }
                        }
                        delay(1)
                        cancellable.filterIndexed { i, _ -> i % 3 == 0 }.forEach { it.cancel() }
                        withContext(Dispatchers.IO) {
                            for ((id, f) in futures) {
                                told[id] = try {
                                    f.get(60, TimeUnit.SECONDS)
                                    Told.COMMITTED
                                } catch (e: java.util.concurrent.CancellationException) {
                                    Told.NOT_COMMITTED
                                } catch (e: ExecutionException) {
                                    Told.NOT_COMMITTED
                                }
                            }
                        }
                        // no caller may still be waiting: every one of this batch ends within a bounded time
                        val launched = coroutineContext[Job]!!.children.toList()
                        try {
                            withTimeout(ReliabilityScale.pick(15_000, 60_000).toLong()) { launched.forEach { it.join() } }
                        } catch (e: kotlinx.coroutines.TimeoutCancellationException) {
                            val waiting = (first..last).filter { !told.containsKey(it) }.map { it to kinds[it] }
                            throw AssertionError(
                                "still waiting after the bound: ${waiting.take(20)} (of ${waiting.size}); connections in use: ${db.connectionsInUse()}; " +
                                    "unfinished: ${launched.filter { !it.isCompleted }.take(5)}",
                                e,
                            )
                        }
                    }
                    first = last + 1
                }
                val seconds = (System.nanoTime() - started) / 1e9
                told.size shouldBe transactions
                db.connectionsInUse() shouldBe 0
                val stored = db.read { select(OracleMarker::id).list().toSet() } - Long.MIN_VALUE
                val committed = told.filterValues { it == Told.COMMITTED }.keys
                val lies = (stored - committed) + (committed - stored)
                val nested = stored.intersect(neverCommitted)
                println(
                    "outcome oracle (group commit $grouped): $transactions transactions in ${"%.1f".format(seconds)} s, " +
                        "${committed.size} told committed, ${transactions - committed.size} told not committed, " +
                        "${lies.size} told wrong, ${nested.size} failed nested blocks committed",
                )
                if (lies.isNotEmpty()) println("told wrong: " + lies.take(20).map { it to kinds[it] to told[it] })
                nested shouldBe emptySet()
                (stored - committed) shouldBe emptySet() // written, but the caller was told it was not
                (committed - stored) shouldBe emptySet() // told committed, but not written
                db.transaction { add(OracleMarker(Long.MAX_VALUE, "last")) } // the writer is free
            } finally {
                db.shutdown()
            }
        }
    }
})
