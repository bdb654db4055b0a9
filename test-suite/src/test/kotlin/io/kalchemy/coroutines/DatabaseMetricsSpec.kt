package io.kalchemy.coroutines

import io.kalchemy.errors.IntegrityError
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.doubles.shouldBeGreaterThanOrEqual
import io.kotest.matchers.longs.shouldBeGreaterThan
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.micrometer.core.instrument.Tags
import io.micrometer.core.instrument.simple.SimpleMeterRegistry

private fun SimpleMeterRegistry.transactions(outcome: String, cause: String): Double =
    find("kalchemy.transactions").tags("outcome", outcome, "cause", cause).counter()?.count() ?: 0.0

/** Micrometer meters through `DatabaseConfig.metrics` (micrometer-core is optional for kalchemy-coroutines). */
class DatabaseMetricsSpec : FunSpec({
    test("commits, rollbacks by cause, statement and writer-wait timings, and connections in use are measured") {
        val registry = SimpleMeterRegistry()
        withDatabase(configure = { metrics = DatabaseMetrics(registry, Tags.of("db", "main")) }) { db ->
            val commitsBefore = registry.transactions("commit", "none")
            val statementsBefore = registry.get("kalchemy.statements").tag("db", "main").timer().count()
            db.transaction { add(CoUser("ann@x", "Ann")) }
            db.transaction { add(CoUser("bob@x", "Bob")) }
            shouldThrow<IntegrityError> { db.transaction { add(CoUser("ann@x", "Again")) } }
            shouldThrow<IllegalStateException> { db.transaction { add(CoUser("cy@x", "Cy")); error("changed my mind") } }
            registry.transactions("commit", "none") - commitsBefore shouldBe 2.0
            registry.transactions("rollback", "IntegrityError") shouldBe 1.0
            registry.transactions("rollback", "IllegalStateException") shouldBe 1.0
            db.read { select<CoUser>().count() } shouldBe 2L // and the meters did not change what was written
            registry.get("kalchemy.statements").timer().count() shouldBeGreaterThan statementsBefore + 3
            registry.get("kalchemy.writer.wait").timer().count() shouldBeGreaterThan 3L
            val active = registry.get("kalchemy.connections.active").tag("db", "main").gauge()
            active.value() shouldBe 0.0
            db.read { active.value() shouldBeGreaterThanOrEqual 1.0 }
            registry.get("kalchemy.writer.waiting").gauge().value() shouldBe 0.0
        }
    }

    test("each shared COMMIT of a group records how many transactions it wrote") {
        val registry = SimpleMeterRegistry()
        withDatabase(configure = { groupCommit = true; metrics = DatabaseMetrics(registry) }) { db ->
            // three transactions queued behind a running one, so the four commit together (GroupCommitSpec's helper)
            queuedBehind(
                db,
                { add(CoUser("first@x", "First")) },
                { add(CoUser("q1@x", "Q")) },
                { add(CoUser("q2@x", "Q")) },
                { add(CoUser("q3@x", "Q")) },
            ).forEach { it.getOrThrow() }
            val sizes = registry.get("kalchemy.group.commit.size").summary()
            sizes.count() shouldBe 1L // one shared COMMIT ...
            sizes.totalAmount() shouldBe 4.0 // ... that wrote all four
            db.read { select<CoUser>().count() } shouldBe 4L
        }
    }

    test("one DatabaseMetrics belongs to one Database") {
        val metrics = DatabaseMetrics(SimpleMeterRegistry())
        withDatabase(configure = { this.metrics = metrics }) { }
        shouldThrow<IllegalStateException> { withDatabase(configure = { this.metrics = metrics }) { } }.message shouldContain "one Database"
    }
})
