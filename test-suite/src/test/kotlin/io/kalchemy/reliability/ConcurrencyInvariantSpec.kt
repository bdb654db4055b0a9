package io.kalchemy.reliability

import io.kalchemy.coroutines.Database
import io.kalchemy.coroutines.select
import io.kalchemy.coroutines.sum
import io.kalchemy.orm.Entity
import io.kalchemy.orm.Id
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.ints.shouldBeGreaterThan
import io.kotest.matchers.shouldBe
import java.util.concurrent.atomic.AtomicInteger
import kotlin.random.Random
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.async
import kotlinx.coroutines.awaitAll
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.launch
import kotlinx.coroutines.yield

@Entity("inv_accounts")
class InvAccount(@Id var id: Long, var balance: Long)

/** The seeds' transferFunds under load: the total is conserved and no transfer is half-applied. */
class ConcurrencyInvariantSpec : FunSpec({
    test("concurrent transfers, some failing mid-transaction, conserve the total; readers always see it conserved") {
        val transfers = ReliabilityScale.pick(2_000, 10_000)
        val db = Database.open("jdbc:sqlite:" + ReliabilityScale.tempDb("transfers.db")) { readers = 4 }
        try {
            db.createAll(InvAccount::class)
            db.transaction { (1..100L).forEach { add(InvAccount(it, 1_000)) } }
            val total = 100 * 1_000L
            val done = AtomicInteger()
            val failed = AtomicInteger()
            val reads = AtomicInteger()
            coroutineScope {
                val readers = launch(Dispatchers.Default) {
                    while (done.get() + failed.get() < transfers) {
                        db.read { scalar<Long>(io.kalchemy.sql.Sql.select(sum(InvAccount::balance))) } shouldBe total
                        reads.incrementAndGet()
                        yield()
                    }
                }
                (0 until 200).map { worker ->
                    async(Dispatchers.Default) {
                        val random = Random(worker)
                        repeat(transfers / 200) {
                            val from = random.nextLong(1, 101)
                            val to = random.nextLong(1, 101)
                            val amount = random.nextLong(1, 50)
                            val failOnPurpose = random.nextInt(10) == 0
                            try {
                                db.transaction {
                                    val a = getOne<InvAccount>(from)
                                    a.balance -= amount
                                    flush() // the debit is written ...
                                    if (failOnPurpose) error("failing transfer on purpose") // ... and must be undone
                                    getOne<InvAccount>(to).balance += amount
                                }
                                done.incrementAndGet()
                            } catch (e: IllegalStateException) {
                                failed.incrementAndGet()
                            }
                        }
                    }
                }.awaitAll()
                readers.join()
            }
            db.read { select<InvAccount>().list().sumOf { it.balance } } shouldBe total
            failed.get() shouldBeGreaterThan 0
            println("transfers: ${done.get()} committed, ${failed.get()} failed on purpose, ${reads.get()} conserved reads")
        } finally {
            db.shutdown()
        }
    }
})
