package io.kalchemy.dialect

import io.kalchemy.engine.Domain
import io.kalchemy.dialect.sqlite.SqliteDialect
import io.kalchemy.errors.ArgumentError
import io.kalchemy.errors.DatabaseError
import io.kalchemy.schema.Index
import io.kalchemy.schema.Table
import io.kalchemy.sql.Sql.insert
import io.kalchemy.sql.Sql.literal
import io.kalchemy.sql.Sql.select
import io.kalchemy.sql.BinaryOperator
import io.kalchemy.sql.Expression
import io.kalchemy.sql.JsonContains
import io.kalchemy.sql.JsonPathExpression
import io.kalchemy.sql.JsonPathExpression.Kind
import io.kalchemy.sql.Statement
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import java.sql.SQLException

/**
 * A compile-only second dialect: SQL:2016 rendering on the shared [SqlCompiler], every
 * identifier quoted. It proves the seam: what differs between databases is chosen by the
 * dialect, not written into the shared compiler. Nothing here opens a database.
 */
private class AnsiDialect : Dialect {
    override fun name() = "ansi"
    override fun compile(statement: Statement): CompiledStatement = SqlCompiler(this).compile(statement)
    override fun quote(identifier: String) = "\"" + identifier.replace("\"", "\"\"") + "\""
    override fun accepts(url: String) = false
    override fun urlForms() = "none (compile-only)"
    override fun isMemory(url: String) = false
    override fun open(url: String): java.sql.Connection = compileOnly()
    override fun settingSql(name: String, value: String, memory: Boolean): String = compileOnly()
    override fun busyTimeoutSetting(): String = compileOnly()
    override fun defaultSettings(memory: Boolean, durable: Boolean): Map<String, String> = compileOnly()
    override fun readOnlySettings(): Map<String, String> = compileOnly()
    override fun beginSql(mode: TransactionMode) = if (mode == TransactionMode.DEFERRED) "START TRANSACTION" else "START TRANSACTION READ WRITE"
    override fun tableExistsSql() = "SELECT 1 FROM information_schema.tables WHERE table_name = ?"
    override fun snapshotSql() = "SELECT 1"
    override fun interrupt(jdbc: java.sql.Connection) = compileOnly()
    override fun maxBindParameters() = 65535
    override fun isNoActiveTransaction(error: DatabaseError) = false
    override fun createTable(table: Table): String = compileOnly()
    override fun createIndexes(table: Table): List<String> = compileOnly()
    override fun createIndex(index: Index): String = compileOnly()
    override fun dropTable(table: Table): String = compileOnly()
    override fun translate(error: SQLException, sql: String?): DatabaseError = compileOnly()

    private fun compileOnly(): Nothing = throw UnsupportedOperationException("AnsiDialect only compiles statements")
}

class SecondDialectCompileSpec : FunSpec({
    val d = Domain()
    val ansi = AnsiDialect()
    val sqlite = SqliteDialect.INSTANCE

    test("the same select renders in each dialect's quoting and LIMIT/OFFSET form, with the same binds") {
        val q = select(d.userId, d.name).where(d.email.eq("a@b.c")).orderBy(d.name.asc()).offset(20)
        ansi.compile(q).sql() shouldBe
            "SELECT \"users\".\"id\", \"users\".\"name\" FROM \"users\" WHERE \"users\".\"email\" = ? ORDER BY \"users\".\"name\" OFFSET ?"
        sqlite.compile(q).sql() shouldBe
            "SELECT users.id, users.name FROM users WHERE users.email = ? ORDER BY users.name LIMIT -1 OFFSET ?"
        ansi.compile(q).binds().map { it.value() } shouldBe sqlite.compile(q).binds().map { it.value() }
    }

    test("booleans inline and the upsert-from-select guard are the dialect's choice") {
        SqlCompiler(ansi).renderLiteral(literal(true)) shouldBe "TRUE"
        val upsert = insert(d.users).fromSelect(listOf(d.email, d.name), select(d.title, d.title)).onConflictDoNothing(d.email)
        ansi.compile(upsert).sql() shouldBe
            "INSERT INTO \"users\" (\"email\", \"name\") SELECT \"posts\".\"title\", \"posts\".\"title\" FROM \"posts\" ON CONFLICT (\"email\") DO NOTHING"
        sqlite.compile(upsert).sql() shouldBe
            "INSERT INTO users (email, name) SELECT posts.title, posts.title FROM posts WHERE true ON CONFLICT (email) DO NOTHING"
    }

    test("a transaction begins as the dialect says") {
        ansi.beginSql(TransactionMode.IMMEDIATE) shouldBe "START TRANSACTION READ WRITE"
        sqlite.beginSql(TransactionMode.IMMEDIATE) shouldBe "BEGIN IMMEDIATE"
    }

    test("JSON paths are rendered by each dialect's JSON functions, the path bound; a form the dialect lacks is refused by name") {
        val text = select(d.name).where((JsonPathExpression.of(d.name, listOf("meta", 0, "a b"), Kind.TEXT) as Expression<Any>).eq("x"))
        sqlite.compile(text).sql() shouldBe "SELECT users.name FROM users WHERE json_extract(users.name, ?) = ?"
        ansi.compile(text).sql() shouldBe "SELECT \"users\".\"name\" FROM \"users\" WHERE JSON_VALUE(\"users\".\"name\", ?) = ?"
        sqlite.compile(text).binds().map { it.value() } shouldBe listOf("\$.meta[0].\"a b\"", "x")
        val pages = select(JsonPathExpression.of(d.name, listOf("pages"), Kind.LONG), JsonPathExpression.of(d.name, listOf("tags"), Kind.JSON))
        sqlite.compile(pages).sql() shouldBe
            "SELECT json_extract(users.name, ?) AS pages, json(json_extract(users.name, ?)) AS tags FROM users"
        // RETURNING names the type by SqlType.ddl(), SQLite's name for now (types are not the dialect's yet)
        ansi.compile(pages).sql() shouldBe "SELECT JSON_VALUE(\"users\".\"name\", ? RETURNING INTEGER) AS \"pages\", " +
            "JSON_QUERY(\"users\".\"name\", ?) AS \"tags\" FROM \"users\""
        val contains = select(d.name).where(JsonContains.of(d.name, listOf("tags"), literal("kotlin")))
        sqlite.compile(contains).sql() shouldBe
            "SELECT users.name FROM users WHERE EXISTS (SELECT 1 FROM json_each(users.name, ?) AS elements WHERE elements.value = ?)"
        shouldThrow<ArgumentError> { ansi.compile(contains) }.message shouldContain "ansi cannot render a JSON array membership test"
        shouldThrow<ArgumentError> { ansi.compile(select(JsonPathExpression.of(d.name, listOf("tags"), Kind.ARRAY_LENGTH))) }.message shouldContain
            "ansi cannot render the length of a JSON array"
        shouldThrow<ArgumentError> { JsonPathExpression.of(d.name, listOf(1.5), Kind.TEXT) }.message shouldContain "not Double"
    }

    test("operators are a closed set a dialect's compiler maps to its own text") {
        val bang = object : SqlCompiler(ansi) {
            override fun operator(op: BinaryOperator): String = if (op == BinaryOperator.NE) "!=" else super.operator(op)
        }
        bang.compile(select(d.name).where(d.email.ne("x"), d.age.isNull())).sql() shouldBe
            "SELECT \"users\".\"name\" FROM \"users\" WHERE \"users\".\"email\" != ? AND \"users\".\"age\" IS NULL"
        sqlite.compile(select(d.name).where(d.email.ne("x"))).sql() shouldBe "SELECT users.name FROM users WHERE users.email <> ?"
        BinaryOperator.entries.map { it.sql() }.toSet().size shouldBe BinaryOperator.entries.size
    }
})
