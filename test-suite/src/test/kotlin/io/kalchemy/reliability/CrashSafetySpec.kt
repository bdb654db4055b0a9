package io.kalchemy.reliability

import io.kalchemy.engine.Engine
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.ints.shouldBeGreaterThan
import io.kotest.matchers.shouldBe
import java.util.concurrent.TimeUnit
import kotlin.random.Random

/**
 * Crash safety: a child JVM commits small multi-table transactions and acknowledges each; it is
 * killed with SIGKILL at random moments; after every kill the database passes integrity_check,
 * holds every acknowledged transaction, and no transaction is half-applied.
 */
class CrashSafetySpec : FunSpec({
    test("SIGKILL at random moments loses no acknowledged transaction and leaves none half-applied") {
        crashSafety(ReliabilityScale.tempDb("crash.db"), null)
    }
})

/**
 * The crash test on [file]: the child JVM writes (encrypted with SQLCipher 4 under [passphrase]
 * when given) and is killed at random moments; every survivor is checked (with the same key).
 */
fun crashSafety(file: java.nio.file.Path, passphrase: String?) {
        val options = io.kalchemy.engine.EngineOptions().encryption(passphrase?.let { io.kalchemy.dialect.Encryption.sqlCipher(it) })
        val kills = ReliabilityScale.pick(3, 20)
        val random = Random(42)
        val acknowledged = mutableSetOf<Long>()
        var killed = 0
        repeat(kills) {
            val child = ReliabilityScale.childJvm("io.kalchemy.reliability.CrashWriterKt", *listOfNotNull(file.toString(), passphrase).toTypedArray())
            val reader = Thread {
                child.inputStream.bufferedReader().forEachLine { line ->
                    if (line.startsWith("ACK ")) synchronized(acknowledged) { acknowledged += line.removePrefix("ACK ").toLong() }
                }
            }.apply { start() }
            // let it start (JVM, schema) and write for a random while, then kill it without warning
            val started = System.nanoTime()
            while (synchronized(acknowledged) { acknowledged.size } == 0 && System.nanoTime() - started < 20_000_000_000L) Thread.sleep(20)
            Thread.sleep(if (ReliabilityScale.long) random.nextLong(200, 2_000) else random.nextLong(50, 400))
            child.destroyForcibly() // SIGKILL on Linux
            child.waitFor(10, TimeUnit.SECONDS) shouldBe true
            reader.join(5000)
            killed++
            Engine.create("jdbc:sqlite:$file", options).use { engine ->
                engine.connect().use { c ->
                    c.executeDriverSql("PRAGMA integrity_check").scalar<String>() shouldBe "ok"
                    val orders = c.executeDriverSql("SELECT id FROM crash_orders").all().map { (it.get(0) as Number).toLong() }.toSet()
                    synchronized(acknowledged) { orders.containsAll(acknowledged) shouldBe true }
                    c.executeDriverSql(
                        // grouped once, not a correlated count per order (quadratic without an index on order_id)
                        "SELECT count(*) FROM crash_orders o LEFT JOIN (SELECT order_id, count(*) AS n, sum(amount) AS s " +
                            "FROM crash_lines GROUP BY order_id) l ON l.order_id = o.id WHERE l.n IS NULL OR l.n <> 3 OR o.amount <> l.s",
                    ).scalar<Long>() shouldBe 0L
                    val ledger = c.executeDriverSql("SELECT total, orders FROM crash_ledger WHERE name = 'main'").one()
                    (ledger.get(0) as Number).toLong() shouldBe
                        ((c.executeDriverSql("SELECT coalesce(sum(amount), 0) FROM crash_orders").scalar<Any>() as Number).toLong())
                    (ledger.get(1) as Number).toLong() shouldBe orders.size.toLong()
                }
            }
        }
        killed shouldBe kills
        acknowledged.size shouldBeGreaterThan kills
        println("crash safety${if (passphrase != null) " (encrypted)" else ""}: $killed kills survived, ${acknowledged.size} acknowledged transactions checked")
}
