package io.kalchemy.engine

import io.kalchemy.dialect.TransactionMode
import io.kalchemy.errors.ArgumentError
import io.kalchemy.errors.InvalidRequestError
import io.kalchemy.errors.OperationalError
import io.kalchemy.sql.Sql.bindParam
import io.kalchemy.sql.Sql.count
import io.kalchemy.sql.Sql.insert
import io.kalchemy.sql.Sql.select
import io.kalchemy.types.SqlTypes
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.ints.shouldBeGreaterThanOrEqual
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldNotContain
import io.kotest.matchers.string.shouldContain
import java.io.ByteArrayOutputStream
import java.io.PrintStream
import java.util.concurrent.CompletableFuture
import java.util.concurrent.TimeUnit

/** Engine behaviour that depends on the kind of database: locking between file connections, the shared memory connection. */
class EngineSpec : FunSpec({

    test("a file database: IMMEDIATE holds the write lock; a second writer gets BUSY after the busy timeout") {
        val url = "jdbc:sqlite:" + tempDbFile()
        Engine.create(url, EngineOptions().busyTimeoutMillis(200).maxIdleConnections(0)).use { engine ->
            val d = Domain()
            engine.createAll(d.metadata)
            engine.connect().use { writer ->
                writer.begin(TransactionMode.IMMEDIATE)
                writer.execute(insert(d.users).value(d.email, "w@x").value(d.name, "W"))
                engine.connect().use { other ->
                    val started = System.nanoTime()
                    val busy = shouldThrow<OperationalError> { other.begin(TransactionMode.IMMEDIATE) }
                    busy.kind() shouldBe OperationalError.Kind.BUSY
                    busy.message shouldContain "busy"
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started).toInt() shouldBeGreaterThanOrEqual 150
                    other.inTransaction() shouldBe false
                    // WAL: a reader is not blocked and sees the last committed state
                    other.scalar<Long>(select(count()).from(d.users)) shouldBe 0L
                    other.rollback()
                }
                writer.commit()
            }
            engine.connect().use { it.scalar<Long>(select(count()).from(d.users)) shouldBe 1L }
            engine.checkedOutConnections() shouldBe 0
            engine.idleConnections() shouldBe 0
        }
    }

    test("a file engine reuses idle connections and their prepared statements") {
        Engine.create("jdbc:sqlite:" + tempDbFile()).use { engine ->
            val d = Domain()
            engine.createAll(d.metadata)
            val q = select(d.name).where(d.userId.eq(bindParam("id", SqlTypes.LONG)))
            engine.connect().use { c ->
                c.execute(q, mapOf("id" to 1L)).all()
                val cached = c.cachedStatements()
                repeat(10) { c.execute(q, mapOf("id" to it.toLong())).all() }
                c.cachedStatements() shouldBe cached
            }
            engine.idleConnections() shouldBe 1
            engine.connect().use { it.cachedStatements() shouldBeGreaterThanOrEqual 1 }
        }
    }

    test("a database that cannot be opened gives an OperationalError naming the URL") {
        val e = shouldThrow<OperationalError> { Engine.create("jdbc:sqlite:/nonexistent-dir/sub/x.db").connect() }
        e.kind() shouldBe OperationalError.Kind.CANNOT_OPEN
        e.message shouldContain "/nonexistent-dir/sub/x.db"
        val unknown = shouldThrow<ArgumentError> { Engine.create("jdbc:mysql://localhost/x") }.message
        unknown shouldContain "no dialect opens the URL 'jdbc:mysql://localhost/x'"
        unknown shouldContain "jdbc:sqlite:<path>"
        unknown shouldContain "jdbc:postgresql://<host>"
        // a PostgreSQL server that is not there: the same error, naming the URL
        val refused = shouldThrow<OperationalError> { Engine.create("jdbc:postgresql://127.0.0.1:1/x?connectTimeout=2").connect() }
        refused.kind() shouldBe OperationalError.Kind.CANNOT_OPEN
        refused.message shouldContain "jdbc:postgresql://127.0.0.1:1/x"
    }

    test("an in-memory database is one shared connection: same thread is refused, another thread waits its turn") {
        Engine.create("jdbc:sqlite::memory:").use { engine ->
            val d = Domain()
            engine.createAll(d.metadata)
            val first = engine.connect()
            shouldThrow<InvalidRequestError> { engine.connect() }.message shouldContain "already holds"
            first.execute(insert(d.users).value(d.email, "m@x").value(d.name, "M"))
            val other = CompletableFuture.supplyAsync {
                engine.connect().use { it.scalar<Long>(select(count()).from(d.users)) }
            }
            Thread.sleep(100)
            other.isDone shouldBe false
            first.commit()
            first.close()
            other.get(5, TimeUnit.SECONDS) shouldBe 1L
        }
    }

    test("echo logs each statement and its parameters through SLF4J") {
        val captured = ByteArrayOutputStream()
        val original = System.err
        System.setErr(PrintStream(captured, true))
        try {
            Engine.create("jdbc:sqlite::memory:", EngineOptions().echo(true)).use { engine ->
                engine.connect().use { it.execute(io.kalchemy.sql.Sql.text("SELECT :v").bind("v", "echoed-value")).all() }
            }
        } finally {
            System.setErr(original)
        }
        captured.toString() shouldContain "SELECT ? [echoed-value]"
    }

    test("Engine.redact masks passwords and keys in URL parameters and user information, and nothing else") {
        Engine.redact("jdbc:postgresql://db:5432/app?user=app&password=s3cret&ssl=true") shouldBe "jdbc:postgresql://db:5432/app?user=app&password=***&ssl=true"
        Engine.redact("jdbc:postgresql://app:s3cret@db/app") shouldBe "jdbc:postgresql://app:***@db/app"
        Engine.redact("jdbc:sqlite:file.db?cipher=sqlcipher&key=s3cret") shouldBe "jdbc:sqlite:file.db?cipher=sqlcipher&key=***"
        Engine.redact("jdbc:sqlite:/tmp/app.db") shouldBe "jdbc:sqlite:/tmp/app.db"
        val e = shouldThrow<io.kalchemy.errors.ArgumentError> { Engine.create("jdbc:nothing://h/db?PASSWORD=s3cret") }
        e.message shouldContain "PASSWORD=***"
        e.message shouldNotContain "s3cret"
    }
})
