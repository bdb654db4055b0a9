package io.kalchemy.engine

import io.kalchemy.dialect.sqlite.SqliteDialect
import io.kalchemy.errors.ArgumentError
import io.kalchemy.errors.OperationalError
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import org.sqlite.SQLiteDataSource
import java.io.PrintWriter
import java.nio.file.Files
import java.sql.Connection as JdbcConnection
import java.util.logging.Logger
import javax.sql.DataSource

/** A data source that hands out connections with auto-commit off, as many pools do. */
private class AutoCommitOff(private val inner: DataSource) : DataSource by inner {
    override fun getConnection(): JdbcConnection = inner.connection.also { it.autoCommit = false }
    override fun getParentLogger(): Logger = Logger.getGlobal()
    override fun getLogWriter(): PrintWriter? = inner.logWriter
}

/** An engine made from a javax.sql.DataSource instead of a URL. */
class DataSourceEngineSpec : FunSpec({
    fun sqliteSource(file: String) = SQLiteDataSource().apply { url = "jdbc:sqlite:$file" }

    test("connections from the data source get the dialect's settings, and work is committed and read back") {
        val file = tempDbFile()
        Engine.create(sqliteSource(file.toString()), SqliteDialect.INSTANCE, "app.db", EngineOptions()).use { engine ->
            engine.connect().use { c ->
                c.executeDriverSql("PRAGMA foreign_keys").scalar<Long>() shouldBe 1L
                c.executeDriverSql("PRAGMA journal_mode").scalar<String>() shouldBe "wal"
            }
            engine.inTransaction { c ->
                c.executeDriverSql("CREATE TABLE t (v TEXT NOT NULL)")
                c.executeDriverSql("INSERT INTO t VALUES ('a')")
            }
            engine.isMemory shouldBe false
        }
        Engine.create("jdbc:sqlite:$file").use { other ->
            other.connect().use { it.executeDriverSql("SELECT v FROM t").scalar<String>() shouldBe "a" }
        }
    }

    test("a data source that hands out auto-commit-off connections still commits and rolls back as asked") {
        val file = tempDbFile()
        Engine.create(AutoCommitOff(sqliteSource(file.toString())), SqliteDialect.INSTANCE, "pooled", EngineOptions()).use { engine ->
            engine.inTransaction { c -> c.executeDriverSql("CREATE TABLE t (v TEXT)") }
            engine.inTransaction { c -> c.executeDriverSql("INSERT INTO t VALUES ('kept')") }
            engine.connect().use { c ->
                c.begin()
                c.executeDriverSql("INSERT INTO t VALUES ('undone')")
                c.rollback()
            }
            engine.connect().use { c -> c.executeDriverSql("SELECT group_concat(v) FROM t").scalar<String>() shouldBe "kept" }
        }
    }

    test("without a dialect, the engine asks the data source which database it is and picks the dialect for it") {
        val file = tempDbFile()
        Engine.create(sqliteSource(file.toString()), "app.db", EngineOptions()).use { engine ->
            engine.dialect() shouldBe SqliteDialect.INSTANCE
            engine.inTransaction { c -> c.executeDriverSql("CREATE TABLE t (v TEXT)"); c.executeDriverSql("INSERT INTO t VALUES ('a')") }
            engine.connect().use { c -> c.executeDriverSql("PRAGMA journal_mode").scalar<String>() shouldBe "wal" }
        }
        Engine.create("jdbc:sqlite:$file").use { other ->
            other.connect().use { it.executeDriverSql("SELECT v FROM t").scalar<String>() shouldBe "a" }
        }
        val missing = Files.createTempDirectory("gone").resolve("no/such/dir/x.db")
        val e = shouldThrow<OperationalError> { Engine.create(sqliteSource(missing.toString()), "missing.db", EngineOptions()) }
        e.kind() shouldBe OperationalError.Kind.CANNOT_OPEN
        e.message shouldContain "cannot connect to missing.db through its data source"
        shouldThrow<ArgumentError> { Engine.create(sqliteSource("x.db"), "x", null) }.message shouldContain "needs all three"
    }

    test("missing arguments are refused by name") {
        shouldThrow<ArgumentError> { Engine.create(sqliteSource("x.db"), SqliteDialect.INSTANCE, "x", null) }.message shouldContain
            "needs all four"
    }
})
