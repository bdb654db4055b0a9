package io.kalchemy.engine

import io.kalchemy.capturedErr
import io.kalchemy.coroutines.CoUser
import io.kalchemy.coroutines.eq
import io.kalchemy.coroutines.select
import io.kalchemy.coroutines.withDatabase
import io.kalchemy.sql.Sql.text
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.string.shouldNotContain

/**
 * The SQL log: `io.kalchemy.sql` at INFO with echo (DEBUG without), housekeeping at TRACE, batches
 * with their first parameter set, and the slow-statement log.
 */
class StatementLogSpec : FunSpec({
    test("echo logs the user's statements at INFO, not a read's snapshot pin; a batch shows its size and first parameter set") {
        withDatabase(configure = { echo = true }) { db ->
            db.transaction { add(CoUser("ann@example.com", "Ann")) }
            val out = capturedErr {
                db.read { select<CoUser>().where(CoUser::email eq "ann@example.com").list() }
                db.withConnection { c ->
                    c.executeMany(text("INSERT INTO co_counters (name, value) VALUES (:name, :value)"),
                        listOf(mapOf("name" to "a", "value" to 1), mapOf("name" to "b", "value" to 2), mapOf("name" to "c", "value" to 3)))
                }
            }
            out shouldContain "INFO io.kalchemy.sql - SELECT"
            out shouldContain "[ann@example.com"
            out shouldNotContain "count(*) FROM sqlite_master" // housekeeping: TRACE
            out shouldContain "3 parameter sets, the first: [a, 1]"
        }
    }

    test("without echo nothing is logged at INFO; the slow log names the statement and its parameters") {
        withDatabase(configure = { slowStatementMillis = 0 }) { db ->
            val out = capturedErr { db.transaction { add(CoUser("bob@example.com", "Bob")) } }
            out shouldNotContain "INFO io.kalchemy.sql -"
            out shouldContain "WARN io.kalchemy.sql.slow - slow statement ("
            out shouldContain "INSERT INTO co_users"
            out shouldContain "bob@example.com"
        }
    }
})
