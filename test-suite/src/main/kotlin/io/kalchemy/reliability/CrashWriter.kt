package io.kalchemy.reliability

import io.kalchemy.coroutines.Database
import io.kalchemy.coroutines.select
import io.kalchemy.orm.Entity
import io.kalchemy.orm.Id
import io.kalchemy.orm.References
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking

/** An order; each crash-test transaction writes one with three lines and bumps the ledger. */
@Entity("crash_orders")
class CrashOrder(@Id var id: Long, var amount: Long)

@Entity("crash_lines")
class CrashLine(@References(CrashOrder::class) var orderId: Long, var part: Int, var amount: Long) {
    @Id var id: Long? = null
}

@Entity("crash_ledger")
class Ledger(@Id var name: String, var total: Long, var orders: Long)

/**
 * The child JVM of the crash-safety test: four concurrent writers run small write transactions (an
 * order, its three lines, the ledger) forever, each printing `ACK <id>` after its commit returns. The parent kills it with
 * SIGKILL at random moments and checks that every acknowledged transaction is in the database
 * and none is half-applied. A SIGKILL is a process crash: it tests the default durability
 * (`synchronous=NORMAL`), not an OS crash or power loss, which that setting does not cover.
 * Group commit is on, so acknowledgements also come from shared COMMITs. Arguments: the database file, and
 * optionally a passphrase that encrypts it (SQLCipher 4).
 */
fun main(args: Array<String>) = runBlocking {
    val db = Database.open("jdbc:sqlite:" + args[0]) {
        groupCommit = true
        encryption = args.getOrNull(1)?.let { io.kalchemy.coroutines.SqlCipher(it) } // a passphrase: the encrypted run
    }
    db.createAll(CrashOrder::class, CrashLine::class, Ledger::class)
    val next = db.transaction {
        if (get<Ledger>("main") == null) add(Ledger("main", 0, 0))
        (select(CrashOrder::id).list().maxOrNull() ?: 0L) + 1
    }
    val start = next
    // four concurrent writers, so transactions are acknowledged out of shared (group) commits too
    coroutineScope {
        repeat(WRITERS) { w ->
            launch(Dispatchers.Default) {
                var k = 0L
                while (true) {
                    val id = start + k++ * WRITERS + w
                    db.transaction {
                        val amount = id % 97 + 1
                        add(CrashOrder(id, amount * 3))
                        repeat(3) { part -> add(CrashLine(id, part, amount)) }
                        val ledger = getOne<Ledger>("main")
                        ledger.total += amount * 3
                        ledger.orders += 1
                    }
                    synchronized(System.out) {
                        println("ACK $id")
                        System.out.flush()
                    }
                }
            }
        }
    }
}

private const val WRITERS = 4
