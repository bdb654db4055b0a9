package io.kalchemy.reliability

import io.kalchemy.coroutines.Database
import io.kalchemy.coroutines.select
import io.kalchemy.orm.Entity
import io.kalchemy.orm.Id
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.ints.shouldBeLessThanOrEqual
import io.kotest.matchers.shouldBe
import java.io.File
import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.delay
import kotlinx.coroutines.flow.take
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.launch
import kotlinx.coroutines.supervisorScope

@Entity("hygiene_rows")
class HygieneRow(@Id var id: Long, var text: String)

/** Nothing leaks: file descriptors and connections come back to where they were after work, failures and cancellations. */
class ResourceHygieneSpec : FunSpec({
    fun openFds(): Int = File("/proc/self/fd").list()?.size ?: 0

    test("repeated open / work / fail / cancel / close cycles leave no file descriptors or connections behind") {
        suspend fun cycle(i: Int) {
            val db = Database.open("jdbc:sqlite:" + ReliabilityScale.tempDb("hygiene-$i.db")) { readers = 2 }
            try {
                db.createAll(HygieneRow::class)
                db.transaction { (1..200L).forEach { add(HygieneRow(it, "r$it")) } }
                runCatching { db.transaction { add(HygieneRow(1, "duplicate")) } } // fails: primary key
                db.stream(select<HygieneRow>(), yieldPer = 10).take(5).toList() // stops early
                supervisorScope {
                    val job = launch { db.transaction { add(HygieneRow(1000, "x")); delay(10_000) } }
                    delay(20)
                    job.cancel(CancellationException("hygiene"))
                    job.join()
                }
                db.read { select<HygieneRow>().count() } shouldBe 200L
                db.connectionsInUse() shouldBe 0
            } finally {
                db.shutdown()
            }
        }
        cycle(0) // warm up class loading and the native library
        val before = openFds()
        repeat(20) { cycle(it + 1) }
        (openFds() - before) shouldBeLessThanOrEqual 2
    }
})
