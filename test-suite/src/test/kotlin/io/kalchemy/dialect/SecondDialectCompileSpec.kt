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
import io.kalchemy.types.SqlType
import io.kalchemy.types.SqlTypes
import io.kalchemy.types.TypeDecorator
import java.sql.PreparedStatement
import java.sql.ResultSet
import java.sql.SQLException
import java.sql.Types
import java.util.UUID

/**
 * A compile-only second dialect: SQL:2016 rendering on the shared [SqlCompiler], every
 * identifier quoted. It proves the seam: what differs between databases is chosen by the
 * dialect, not written into the shared compiler. Nothing here opens a database.
 */
/** Native BOOLEAN and UUID columns and BIGINT for 64-bit integers: what differs from SQLite's storage. */
private object AnsiTypes : TypeMap("ansi") {
    @Suppress("UNCHECKED_CAST")
    override fun <T> storageOf(type: SqlType<T>): SqlType<T> = when (type) {
        SqlTypes.BOOLEAN -> NativeBoolean as SqlType<T>
        SqlTypes.UUID -> NativeUuid as SqlType<T>
        SqlTypes.LONG -> BigInt as SqlType<T>
        else -> type
    }
}

private object NativeBoolean : SqlType<Boolean> {
    override fun javaType() = Boolean::class.javaObjectType
    override fun ddl() = "BOOLEAN"
    override fun bind(statement: PreparedStatement, index: Int, value: Boolean?) =
        if (value == null) statement.setNull(index, Types.BOOLEAN) else statement.setBoolean(index, value)
    override fun read(row: ResultSet, index: Int): Boolean? = row.getBoolean(index).takeUnless { row.wasNull() }
}

private object NativeUuid : SqlType<UUID> {
    override fun javaType() = UUID::class.java
    override fun ddl() = "UUID"
    override fun bind(statement: PreparedStatement, index: Int, value: UUID?) = statement.setObject(index, value)
    override fun read(row: ResultSet, index: Int): UUID? = row.getObject(index, UUID::class.java)
}

private object BigInt : SqlType<Long> {
    override fun javaType() = Long::class.javaObjectType
    override fun ddl() = "BIGINT"
    override fun bind(statement: PreparedStatement, index: Int, value: Long?) =
        if (value == null) statement.setNull(index, Types.BIGINT) else statement.setLong(index, value)
    override fun read(row: ResultSet, index: Int): Long? = row.getLong(index).takeUnless { row.wasNull() }
}

private class AnsiDialect(private val capabilities: Set<Capability> = Capability.entries.toSet()) : Dialect {
    override fun name() = "ansi"
    override fun capabilities(): Set<Capability> = capabilities
    override fun types(): TypeMap = AnsiTypes
    override fun compile(statement: Statement): CompiledStatement = SqlCompiler(this).compile(statement)
    override fun quote(identifier: String) = "\"" + identifier.replace("\"", "\"\"") + "\""
    override fun accepts(url: String) = false
    override fun acceptsProduct(productName: String) = false
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
    override fun ddl(): DdlCompiler = compileOnly()
    override fun translate(error: SQLException, sql: String?): DatabaseError = compileOnly()
    override fun schemaReader(): SchemaReader = compileOnly()
    override fun alterTable(now: Table, target: Table, database: SchemaReader.Queries): List<String> = compileOnly()
    override fun enforceForeignKeys(jdbc: java.sql.Connection, on: Boolean): Boolean = compileOnly()
    override fun foreignKeyViolations(database: SchemaReader.Queries): String = compileOnly()

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
        // RETURNING names the type as the dialect's type map declares it
        ansi.compile(pages).sql() shouldBe "SELECT JSON_VALUE(\"users\".\"name\", ? RETURNING BIGINT) AS \"pages\", " +
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

    test("each dialect binds, reads and declares a logical type through its own type map; variants and decorators follow it") {
        val q = select(d.userId, d.name.cast(SqlTypes.UUID)).where(d.userId.eq(7L))
        val onAnsi = ansi.compile(q)
        val onSqlite = sqlite.compile(q)
        onAnsi.sql() shouldBe "SELECT \"users\".\"id\", CAST(\"users\".\"name\" AS UUID) AS \"anon_1\" FROM \"users\" WHERE \"users\".\"id\" = ?"
        onSqlite.sql() shouldContain "CAST(users.name AS CHAR(32))"
        onAnsi.bindType(0) shouldBe BigInt
        onSqlite.bindType(0) shouldBe SqlTypes.LONG
        onAnsi.columns().map { it.type() } shouldBe listOf(BigInt, NativeUuid)
        onSqlite.columns().map { it.type() } shouldBe listOf(SqlTypes.LONG, SqlTypes.UUID)

        val flag = SqlTypes.BOOLEAN.withVariant(SqlTypes.BOOLEAN, "sqlite")
        AnsiTypes.resolve(flag) shouldBe NativeBoolean
        AnsiTypes.resolve(SqlTypes.LONG.withVariant(SqlTypes.LONG, "ansi")) shouldBe BigInt // the variant is then stored the dialect's way
        sqlite.types().resolve(SqlTypes.UUID.withVariant(NativeUuid, "ansi")) shouldBe SqlTypes.UUID
        val decorated = object : TypeDecorator<Int, Long>(Int::class.javaObjectType, SqlTypes.LONG) {
            override fun toDatabase(value: Int): Long = value.toLong()
            override fun fromDatabase(value: Long): Int = value.toInt()
        }
        val onAnsiDecorated = AnsiTypes.resolve(decorated) as TypeDecorator<*, *>
        onAnsiDecorated.impl() shouldBe BigInt
        onAnsiDecorated.ddl() shouldBe "BIGINT"
        sqlite.types().resolve(decorated) shouldBe decorated
    }

    test("a statement that needs what the dialect lacks is refused at compile time, naming the dialect and the capability") {
        val bare = AnsiDialect(emptySet())
        val many = insert(d.users).values(listOf(mapOf(d.email to "a", d.name to "A"), mapOf(d.email to "b", d.name to "B")))
        shouldThrow<ArgumentError> { bare.compile(many) }.message shouldBe
            "ansi cannot render an INSERT of 2 rows into users; execute one INSERT per row (it lacks Capability.MULTI_ROW_INSERT)"
        shouldThrow<ArgumentError> { bare.compile(insert(d.users).value(d.email, "a").value(d.name, "A").returning(d.userId)) }.message shouldContain
            "ansi cannot render RETURNING (it lacks Capability.RETURNING)"
        shouldThrow<ArgumentError> { bare.compile(insert(d.users).value(d.email, "a").value(d.name, "A").onConflictDoNothing(d.email)) }.message shouldContain
            "ansi cannot render an upsert (ON CONFLICT) (it lacks Capability.UPSERT)"
        bare.compile(insert(d.users).value(d.email, "a").value(d.name, "A")).sql() shouldBe
            "INSERT INTO \"users\" (\"email\", \"name\", \"created_at\") VALUES (?, ?, ?)"
        ansi.compile(many).binds().size shouldBe 6
    }
})
