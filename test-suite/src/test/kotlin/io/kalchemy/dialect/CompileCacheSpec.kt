package io.kalchemy.dialect

import io.kalchemy.engine.Backend
import io.kalchemy.engine.Domain
import io.kalchemy.engine.withEngine
import io.kalchemy.dialect.sqlite.SqliteDialect
import io.kalchemy.sql.Expression
import io.kalchemy.sql.JsonContains
import io.kalchemy.sql.JsonPathExpression
import io.kalchemy.sql.JsonPathExpression.Kind
import io.kalchemy.sql.Select
import io.kalchemy.sql.Sql.alias
import io.kalchemy.sql.Sql.bindParam
import io.kalchemy.sql.Sql.caseWhen
import io.kalchemy.sql.Sql.coalesce
import io.kalchemy.sql.Sql.count
import io.kalchemy.sql.Sql.exists
import io.kalchemy.sql.Sql.insert
import io.kalchemy.sql.Sql.literal
import io.kalchemy.sql.Sql.lower
import io.kalchemy.sql.Sql.select
import io.kalchemy.sql.Sql.text
import io.kalchemy.types.SqlTypes
import io.kotest.assertions.withClue
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldContainExactly
import io.kotest.matchers.shouldBe
import io.kotest.matchers.shouldNotBe

/** A SQLite dialect of its own, so its caches start empty. */
private fun freshDialect(): SqliteDialect = object : SqliteDialect() {}

/**
 * Compile once per statement shape: a SELECT rebuilt with other values reuses the SQL compiled for
 * its shape, with its own values; statements that differ in anything but values never share SQL.
 */
class CompileCacheSpec : FunSpec({
    val d = Domain()

    /** Statements that each differ from the others in one thing that is not a value; [v] changes only values. */
    val corpus: List<Pair<String, (Int) -> Select>> = listOf(
        "eq" to { v -> select(d.name).where(d.email.eq("a$v@x")) },
        "ne" to { v -> select(d.name).where(d.email.ne("a$v@x")) },
        "lt on another column" to { v -> select(d.name).where(d.age.lt(v)) },
        "two conditions" to { v -> select(d.name).where(d.email.eq("a$v@x"), d.age.ge(v)) },
        "or" to { v -> select(d.name).where(d.email.eq("a$v@x").or(d.age.ge(v))) },
        "is null" to { _ -> select(d.name).where(d.age.eq(null as Int?)) },
        "asc" to { v -> select(d.name).where(d.age.ge(v)).orderBy(d.name.asc()) },
        "desc" to { v -> select(d.name).where(d.age.ge(v)).orderBy(d.name.desc()) },
        "limit" to { v -> select(d.name).limit(v + 1L) },
        "limit offset" to { v -> select(d.name).limit(v + 1L).offset(v.toLong()) },
        "distinct" to { v -> select(d.name).distinct().limit(v + 1L) },
        "in 2" to { v -> select(d.name).where(d.age.`in`(listOf(v, v + 1))) },
        "in 3" to { v -> select(d.name).where(d.age.`in`(listOf(v, v + 1, v + 2))) },
        "like" to { v -> select(d.name).where(d.name.like("a$v%")) },
        "ilike" to { v -> select(d.name).where(d.name.ilike("a$v%")) },
        "like escape" to { v -> select(d.name).where(d.name.like("a$v!%", '!')) },
        "label n" to { v -> select(count().label("n")).from(d.users).where(d.age.gt(v)) },
        "label m" to { v -> select(count().label("m")).from(d.users).where(d.age.gt(v)) },
        "lower" to { v -> select(lower(d.name)).where(d.age.gt(v)) },
        "coalesce" to { v -> select(coalesce(d.age, literal(v))) },
        "case" to { v -> select(caseWhen(d.age.gt(v), "old", SqlTypes.TEXT).otherwise("young")) },
        "join" to { v -> select(d.name, d.title).join(d.posts, d.author.eq(d.userId)).where(d.age.gt(v)) },
        "implicit from" to { v -> select(d.title, d.name).where(d.author.eq(d.userId), d.age.gt(v)) },
        "correlated exists" to { v ->
            select(d.name).where(exists(select(d.postId).where(d.author.eq(d.userId), d.likes.gt(v))))
        },
        "one alias, correlated" to { v ->
            val u = alias(d.users, "u")
            select(u.get(d.name)).where(exists(select(d.postId).where(d.author.eq(u.get(d.userId)), d.likes.gt(v))))
        },
        "two aliases of one name, not correlated" to { v ->
            val outer = alias(d.users, "u")
            val inner = alias(d.users, "u")
            select(outer.get(d.name)).where(exists(select(d.postId).where(d.author.eq(inner.get(d.userId)), d.likes.gt(v))))
        },
        "scalar subquery" to { v ->
            select(d.name, select(count()).where(d.author.eq(d.userId), d.likes.gt(v)).scalarSubquery<Long>().label("posts"))
        },
        "derived table" to { v -> select(count()).from(select(d.name).where(d.age.gt(v)).subquery("s")) },
        "one named parameter twice" to { _ ->
            val p = bindParam("a", SqlTypes.INTEGER)
            select(d.name).where(d.age.gt(p), d.age.lt(p))
        },
        "json text" to { v -> select(d.name).where((JsonPathExpression.of(d.name, listOf("a"), Kind.TEXT) as Expression<Any>).eq("x$v")) },
        "json as json" to { v -> select(JsonPathExpression.of(d.name, listOf("a"), Kind.JSON)).where(d.age.gt(v)) },
        "json array length" to { v -> select(JsonPathExpression.of(d.name, listOf("a"), Kind.ARRAY_LENGTH)).where(d.age.gt(v)) },
        "json contains" to { v -> select(d.name).where(JsonContains.of(d.name, listOf("tags"), literal("t$v"))) },
        "two named parameters" to { _ -> select(d.name).where(d.age.gt(bindParam("a", SqlTypes.INTEGER)), d.age.lt(bindParam("b", SqlTypes.INTEGER))) },
    )

    test("every statement of the corpus compiles, through the shape cache, to what a fresh compiler makes of it, with its own values") {
        val cached = freshDialect()
        corpus.forEach { (_, build) -> cached.compile(build(1)) }
        val compiledOnce = cached.compilationCount()
        compiledOnce shouldBe corpus.size.toLong()
        for ((name, build) in corpus) {
            withClue(name) {
                val statement = build(7)
                val reused = cached.compile(statement)
                val expected = freshDialect().compile(build(7))
                reused.sql() shouldBe expected.sql()
                reused.binds().map { it.name() to it.value() } shouldContainExactly expected.binds().map { it.name() to it.value() }
                reused.columns().map { it.name() to it.type() } shouldContainExactly expected.columns().map { it.name() to it.type() }
            }
        }
        cached.compilationCount() shouldBe compiledOnce
        // and the corpus really holds a different compilation (SQL, or placeholders' names) for each shape
        corpus.map { (_, build) -> freshDialect().compile(build(1)).let { it.sql() + it.binds().map { b -> b.name() } } }.toSet().size shouldBe corpus.size
    }

    test("literal SQL and DML are compiled per statement object, as before") {
        val dialect = freshDialect()
        dialect.compile(select(d.name).where(text("age > :a").bind("a", 1)))
        dialect.compile(select(d.name).where(text("age > :a").bind("a", 2)))
        dialect.compile(insert(d.users).values(mapOf(d.name to "a")))
        dialect.compile(insert(d.users).values(mapOf(d.name to "b")))
        dialect.compilationCount() shouldBe 4L
    }

    test("queries rebuilt on every call read their own values from a real database, compiled once, and rows are found by the new statement's expressions") {
        Backend.file.withEngine { engine ->
            engine.inTransaction { c ->
                c.createAll(d.metadata)
                for (i in 1..3) c.execute(insert(d.users).values(mapOf(d.email to "u$i@x", d.name to "User $i", d.age to 20 + i)))
            }
            val dialect = engine.dialect() as SqliteDialect
            engine.connect().use { c ->
                c.execute(select(d.name).where(d.email.eq("u1@x"))).scalar<String>() shouldBe "User 1"
                val before = dialect.compilationCount()
                for (i in 1..3) {
                    c.execute(select(d.name).where(d.email.eq("u$i@x"))).scalar<String>() shouldBe "User $i"
                    val older = count().label("older")
                    val row = c.execute(select(older).from(d.users).where(d.age.gt(20 + i))).first()!!
                    row.get(older) shouldBe (3L - i)
                }
                dialect.compilationCount() shouldBe before + 1 // the counting query's shape; the first one was compiled above
                val shared = c.execute(select(d.name).where(d.email.eq("u2@x")))
                shared.scalar<String>() shouldNotBe "User 1"
            }
        }
    }
})
