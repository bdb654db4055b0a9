package io.kalchemy.dialect.sqlite

import io.kalchemy.engine.Engine
import io.kalchemy.errors.IntegrityError
import io.kalchemy.errors.OperationalError
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import java.util.concurrent.CountDownLatch

/** SQLite's own error codes, as the dialect reports them (dialect-specific, so not in the shared contracts). */
class SqliteErrorCodeSpec : FunSpec({
    test("a UNIQUE violation carries SQLite's extended result code 2067 as its vendor code") {
        Engine.create("jdbc:sqlite::memory:").use { engine ->
            engine.connect().use { c ->
                c.executeDriverSql("CREATE TABLE t (v TEXT UNIQUE)")
                c.executeDriverSql("INSERT INTO t VALUES ('a')")
                val e = shouldThrow<IntegrityError> { c.executeDriverSql("INSERT INTO t VALUES ('a')") }
                e.vendorCode() shouldBe 2067
                e.constraint() shouldBe IntegrityError.Constraint.UNIQUE
            }
        }
    }

    test("an error Kalchemy raises itself (the in-memory connection stays busy) has no vendor code") {
        Engine.create("jdbc:sqlite::memory:", io.kalchemy.engine.EngineOptions().busyTimeoutMillis(50)).use { engine ->
            val held = CountDownLatch(1)
            val release = CountDownLatch(1)
            val holder = Thread { engine.connect().use { held.countDown(); release.await() } }.also { it.start() }
            held.await()
            try {
                val e = shouldThrow<OperationalError> { engine.connect().close() }
                e.kind() shouldBe OperationalError.Kind.BUSY
                e.vendorCode() shouldBe -1
            } finally {
                release.countDown()
                holder.join()
            }
        }
    }
})
