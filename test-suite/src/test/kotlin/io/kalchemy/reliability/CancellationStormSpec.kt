package io.kalchemy.reliability

import io.kalchemy.coroutines.Database
import io.kalchemy.coroutines.select
import io.kalchemy.orm.Entity
import io.kalchemy.orm.Id
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.longs.shouldBeLessThan
import io.kotest.matchers.shouldBe
import java.util.concurrent.ConcurrentHashMap
import kotlin.random.Random
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.TimeoutCancellationException
import kotlinx.coroutines.delay
import kotlinx.coroutines.flow.collect
import kotlinx.coroutines.launch
import kotlinx.coroutines.supervisorScope
import kotlinx.coroutines.withTimeout

@Entity("storm_a")
class StormA(@Id var id: Long, var note: String)

@Entity("storm_b")
class StormB(@Id var id: Long, var note: String)

/**
 * Cancellation storm: many coroutines run transactions and streams while a random subset is
 * cancelled at random points (before BEGIN, mid-statement, mid-flush, mid-stream) and others hit
 * withTimeout. Completed transactions are committed, none is half-applied, nothing leaks, and a
 * last transaction runs at once.
 */
class CancellationStormSpec : FunSpec({
    test("random cancellations and timeouts leave committed work whole and the writer free") {
        val coroutines = ReliabilityScale.pick(1_000, 10_000)
        val db = Database.open("jdbc:sqlite:" + ReliabilityScale.tempDb("storm.db")) { readers = 4 }
        try {
            db.createAll(StormA::class, StormB::class)
            db.transaction { (1..500L).forEach { add(StormA(-it, "seed")); add(StormB(-it, "seed")) } }
            val completed = ConcurrentHashMap.newKeySet<Long>()
            var cancelled = 0
            val timedOut = java.util.concurrent.atomic.AtomicInteger()
            supervisorScope {
                val random = Random(7)
                val jobs = (1..coroutines.toLong()).map { id ->
                    val kind = random.nextInt(4)
                    val pause = random.nextLong(0, 3)
                    launch(Dispatchers.Default) {
                        when (kind) {
                            0, 1 -> {
                                db.transaction {
                                    add(StormA(id, "a"))
                                    if (pause > 0) delay(pause)
                                    flush()
                                    add(StormB(id, "b"))
                                }
                                completed += id
                            }
                            2 -> db.read { select<StormA>().stream(yieldPer = 50).collect { if (pause > 1) delay(0) } }
                            else -> try {
                                withTimeout(random.nextLong(1, 5)) { db.transaction { add(StormA(id, "t")); delay(pause); add(StormB(id, "t")) } }
                                completed += id
                            } catch (e: TimeoutCancellationException) {
                                timedOut.incrementAndGet()
                            }
                        }
                    }
                }
                delay(5)
                jobs.filterIndexed { i, _ -> i % 3 == 0 }.forEach {
                    if (!it.isCompleted) {
                        it.cancel()
                        cancelled++
                    }
                }
            }
            db.connectionsInUse() shouldBe 0
            val started = System.nanoTime()
            db.transaction { add(StormA(Long.MAX_VALUE, "last")) } // not 0: a primitive id of 0 means "generate one"
            ((System.nanoTime() - started) / 1_000_000) shouldBeLessThan 1_000L
            db.read {
                val a = select(StormA::id).list().toSet()
                val b = select(StormB::id).list().toSet()
                (a - Long.MAX_VALUE) shouldBe b // every transaction wrote both rows or neither
                a.containsAll(completed) shouldBe true
            }
            println("cancellation storm: $coroutines coroutines, $cancelled cancelled, $timedOut timed out, ${completed.size} completed")
        } finally {
            db.shutdown()
        }
    }
})
