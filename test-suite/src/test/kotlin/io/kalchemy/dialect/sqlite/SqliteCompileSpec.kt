package io.kalchemy.dialect.sqlite

import io.kalchemy.engine.Domain
import io.kalchemy.errors.ArgumentError
import io.kalchemy.schema.MetaData
import io.kalchemy.schema.ReferentialAction
import io.kalchemy.sql.Sql.and
import io.kalchemy.sql.Sql.alias
import io.kalchemy.sql.Sql.avg
import io.kalchemy.sql.Sql.bindParam
import io.kalchemy.sql.Sql.caseWhen
import io.kalchemy.sql.Sql.coalesce
import io.kalchemy.sql.Sql.count
import io.kalchemy.sql.Sql.countDistinct
import io.kalchemy.sql.Sql.delete
import io.kalchemy.sql.Sql.excluded
import io.kalchemy.sql.Sql.exists
import io.kalchemy.sql.Sql.func
import io.kalchemy.sql.Sql.insert
import io.kalchemy.sql.Sql.literal
import io.kalchemy.sql.Sql.lower
import io.kalchemy.sql.Sql.max
import io.kalchemy.sql.Sql.not
import io.kalchemy.sql.Sql.or
import io.kalchemy.sql.Sql.select
import io.kalchemy.sql.Sql.text
import io.kalchemy.sql.Sql.update
import io.kalchemy.sql.Statement
import io.kalchemy.types.SqlTypes
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldContainExactly
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain

/** Compile-only specs: the SQL text and parameter order the SQLite dialect produces, no database. */
class SqliteCompileSpec : FunSpec({
    val d = Domain()
    val dialect = SqliteDialect.INSTANCE

    fun sql(statement: Statement) = dialect.compile(statement).sql()
    fun params(statement: Statement) = dialect.compile(statement).binds().map { it.value() }

    test("select with implicit FROM and comparisons binds every value") {
        val q = select(d.userId, d.name).where(d.email.eq("a@b.c"), d.age.ge(18))
        sql(q) shouldBe "SELECT users.id, users.name FROM users WHERE users.email = ? AND users.age >= ?"
        params(q) shouldContainExactly listOf("a@b.c", 18)
    }

    test("and / or / not nest with parentheses only where needed") {
        val q = select(d.userId).where(or(d.name.eq("a"), d.name.eq("b")).and(not(d.age.lt(3))))
        sql(q) shouldBe "SELECT users.id FROM users WHERE (users.name = ? OR users.name = ?) AND NOT (users.age < ?)"
    }

    test("null comparisons render IS NULL / IS NOT NULL") {
        sql(select(d.userId).where(d.age.eq(null as Int?))) shouldBe "SELECT users.id FROM users WHERE users.age IS NULL"
        sql(select(d.userId).where(d.age.ne(null as Int?))) shouldBe "SELECT users.id FROM users WHERE users.age IS NOT NULL"
        sql(select(d.userId).where(d.age.isNull())) shouldBe "SELECT users.id FROM users WHERE users.age IS NULL"
    }

    test("like, ilike, escape and contains") {
        sql(select(d.userId).where(d.email.like("%@x.org"))) shouldBe "SELECT users.id FROM users WHERE users.email LIKE ?"
        sql(select(d.userId).where(d.email.ilike("%@X.org"))) shouldBe
            "SELECT users.id FROM users WHERE lower(users.email) LIKE lower(?)"
        sql(select(d.userId).where(d.email.notLike("a%"))) shouldBe "SELECT users.id FROM users WHERE users.email NOT LIKE ?"
        val contains = select(d.userId).where(d.name.contains("50%_off"))
        sql(contains) shouldBe "SELECT users.id FROM users WHERE users.name LIKE ? ESCAPE '/'"
        params(contains) shouldContainExactly listOf("%50/%/_off%")
    }

    test("in with a list, an empty list and a subquery; between") {
        sql(select(d.userId).where(d.userId.`in`(listOf(1L, 2L, 3L)))) shouldBe
            "SELECT users.id FROM users WHERE users.id IN (?, ?, ?)"
        sql(select(d.userId).where(d.userId.`in`(emptyList()))) shouldBe "SELECT users.id FROM users WHERE 1 != 1"
        sql(select(d.userId).where(d.userId.notIn(emptyList()))) shouldBe "SELECT users.id FROM users WHERE 1 = 1"
        sql(select(d.name).where(d.userId.`in`(select(d.author).where(d.likes.gt(10))))) shouldBe
            "SELECT users.name FROM users WHERE users.id IN (SELECT posts.user_id FROM posts WHERE posts.likes > ?)"
        sql(select(d.userId).where(d.age.between(18, 65))) shouldBe "SELECT users.id FROM users WHERE users.age BETWEEN ? AND ?"
    }

    test("arithmetic, concatenation, case, cast and functions") {
        sql(select(d.likes.plus(1).times(2).label("score"))) shouldBe "SELECT (posts.likes + ?) * ? AS score FROM posts"
        sql(select(d.name.concat(" <").concat(d.email))) shouldBe "SELECT (users.name || ?) || users.email AS anon_1 FROM users"
        sql(select(caseWhen(d.age.lt(18), "minor", SqlTypes.TEXT).otherwise("adult").label("kind"))) shouldBe
            "SELECT CASE WHEN users.age < ? THEN ? ELSE ? END AS kind FROM users"
        sql(select(d.age.cast(SqlTypes.TEXT).label("a"))) shouldBe "SELECT CAST(users.age AS TEXT) AS a FROM users"
        sql(select(count(), countDistinct(d.name), avg(d.age), max(d.age), coalesce(d.age, 0), lower(d.name))) shouldBe
            "SELECT count(*) AS count, count(DISTINCT users.name) AS count_2, avg(users.age) AS avg, max(users.age) AS max," +
            " coalesce(users.age, ?) AS coalesce, lower(users.name) AS lower FROM users"
        shouldThrow<ArgumentError> { func("drop table x;--", SqlTypes.LONG) }.message shouldContain "invalid SQL function name"
    }

    test("joins: explicit ON, ON inferred from the foreign key, left outer, self-join with alias") {
        sql(select(d.name, d.title).join(d.posts, d.author.eq(d.userId))) shouldBe
            "SELECT users.name, posts.title FROM users JOIN posts ON posts.user_id = users.id"
        sql(select(d.name, d.title).join(d.posts)) shouldBe
            "SELECT users.name, posts.title FROM users JOIN posts ON posts.user_id = users.id"
        sql(select(d.name, count(d.postId)).leftJoin(d.posts).groupBy(d.userId).having(count(d.postId).gt(2L))) shouldBe
            "SELECT users.name, count(posts.id) AS count FROM users LEFT OUTER JOIN posts ON posts.user_id = users.id" +
            " GROUP BY users.id HAVING count(posts.id) > ?"
        val md = MetaData()
        val emp = md.table("employees")
        val id = emp.column("id", SqlTypes.LONG).primaryKey()
        val boss = emp.column("manager_id", SqlTypes.LONG).references(id)
        val ename = emp.column("name", SqlTypes.TEXT)
        val manager = alias(emp, "manager")
        sql(select(ename, manager.get(ename).label("manager_name")).join(manager, boss.eq(manager.get(id)))) shouldBe
            "SELECT employees.name, manager.name AS manager_name FROM employees JOIN employees AS manager" +
            " ON employees.manager_id = manager.id"
        shouldThrow<ArgumentError> { select(d.title).join(d.accounts) }
            .message shouldContain "cannot infer the ON condition"
    }

    test("order by with direction and nulls placement; limit and offset are bound") {
        val q = select(d.userId).orderBy(d.name.desc().nullsLast(), d.age.asc().nullsFirst()).limit(10).offset(20)
        sql(q) shouldBe "SELECT users.id FROM users ORDER BY users.name DESC NULLS LAST, users.age NULLS FIRST LIMIT ? OFFSET ?"
        params(q) shouldContainExactly listOf(10L, 20L)
        sql(select(d.userId).offset(5)) shouldBe "SELECT users.id FROM users LIMIT -1 OFFSET ?"
        sql(select(d.name).distinct()) shouldBe "SELECT DISTINCT users.name FROM users"
        sql(select(d.name, count().label("n")).groupBy(d.name).orderBy(count().label("n").desc())) shouldBe
            "SELECT users.name, count(*) AS n FROM users GROUP BY users.name ORDER BY n DESC"
    }

    test("correlated scalar subquery and exists do not repeat the outer table") {
        val postCount = select(count()).where(d.author.eq(d.userId)).scalarSubquery<Long>()
        sql(select(d.name, postCount.label("posts"))) shouldBe
            "SELECT users.name, (SELECT count(*) AS count FROM posts WHERE posts.user_id = users.id) AS posts FROM users"
        sql(select(d.name).where(exists(select(d.postId).where(d.author.eq(d.userId), d.likes.gt(5))))) shouldBe
            "SELECT users.name FROM users WHERE EXISTS (SELECT posts.id FROM posts WHERE posts.user_id = users.id AND posts.likes > ?)"
    }

    test("subquery as a FROM item") {
        val counts = select(d.author, count().label("n")).groupBy(d.author).subquery("pc")
        sql(select(d.name, counts.column<Long>("n")).join(counts, counts.column<Long>("user_id").eq(d.userId))) shouldBe
            "SELECT users.name, pc.n FROM users JOIN (SELECT posts.user_id, count(*) AS n FROM posts GROUP BY posts.user_id) AS pc" +
            " ON pc.user_id = users.id"
    }

    test("union, union all, and ordering the compound") {
        val q = select(d.name).where(d.age.lt(18)).union(select(d.title)).orderBy(d.name.asc()).limit(5)
        sql(q) shouldBe "SELECT users.name FROM users WHERE users.age < ? UNION SELECT posts.title FROM posts ORDER BY name LIMIT ?"
        sql(select(d.userId).unionAll(select(d.postId))) shouldBe "SELECT users.id FROM users UNION ALL SELECT posts.id FROM posts"
        shouldThrow<ArgumentError> { select(d.userId).limit(1).union(select(d.postId)) }
    }

    test("insert: one row with client default, many rows, returning, default values") {
        val one = insert(d.users).value(d.email, "a@b.c").value(d.name, "A")
        sql(one) shouldBe "INSERT INTO users (email, name, created_at) VALUES (?, ?, ?)"
        sql(insert(d.posts).values(listOf(mapOf(d.author to 1L, d.title to "x"), mapOf(d.author to 2L, d.title to "y")))
            .returning(d.postId)) shouldBe "INSERT INTO posts (user_id, title) VALUES (?, ?), (?, ?) RETURNING id"
        sql(insert(d.accounts).returning(d.accountId)) shouldBe "INSERT INTO accounts DEFAULT VALUES RETURNING id"
        shouldThrow<ArgumentError> {
            insert(d.posts).values(listOf(mapOf(d.author to 1L, d.title to "x"), mapOf(d.author to 2L)))
        }.message shouldContain "row 1 sets columns [user_id] but row 0 sets [user_id, title]"
        shouldThrow<ArgumentError> { insert(d.posts).value(d.name, "x") }.message shouldContain "column users.name belongs to another table"
    }

    test("upserts: on conflict do nothing / do update with excluded and where") {
        sql(insert(d.users).value(d.email, "a").value(d.name, "n").onConflictDoNothing(d.email)) shouldBe
            "INSERT INTO users (email, name, created_at) VALUES (?, ?, ?) ON CONFLICT (email) DO NOTHING"
        sql(insert(d.users).value(d.email, "a").value(d.name, "n")
            .onConflictDoUpdate(listOf(d.email), mapOf(d.name to excluded(d.name)), d.name.ne("root"))) shouldBe
            "INSERT INTO users (email, name, created_at) VALUES (?, ?, ?) ON CONFLICT (email) DO UPDATE SET name = excluded.name" +
            " WHERE users.name <> ?"
        sql(insert(d.users).fromSelect(listOf(d.email, d.name), select(d.title, d.title))
            .onConflictDoNothing(d.email)) shouldBe
            "INSERT INTO users (email, name) SELECT posts.title, posts.title FROM posts WHERE true ON CONFLICT (email) DO NOTHING"
    }

    test("update and delete with where, expressions and returning") {
        sql(update(d.posts).set(d.likes, d.likes.plus(1)).where(d.postId.eq(7L)).returning(d.likes)) shouldBe
            "UPDATE posts SET likes = posts.likes + ? WHERE posts.id = ? RETURNING likes"
        sql(delete(d.users).where(d.userId.notIn(select(d.author)))) shouldBe
            "DELETE FROM users WHERE users.id NOT IN (SELECT posts.user_id FROM posts)"
        shouldThrow<ArgumentError> { sql(update(d.posts)) }.message shouldContain "sets no columns"
    }

    test("text() turns :name into placeholders and leaves quoted text alone") {
        val t = text("SELECT ':skip', \"a:b\" FROM t WHERE id = :id AND x = :x AND y = :id AND z = 1\\:2 AND w::text")
        sql(t) shouldBe "SELECT ':skip', \"a:b\" FROM t WHERE id = ? AND x = ? AND y = ? AND z = 1:2 AND w::text"
        t.parameterNames() shouldContainExactly listOf("id", "x")
        sql(select(d.userId).where(text("age > :min").bind("min", 3))) shouldBe "SELECT users.id FROM users WHERE (age > ?)"
        shouldThrow<ArgumentError> { t.bind("nope", 1) }.message shouldContain "has no parameter ':nope'"
    }

    test("identifiers are quoted only when they must be") {
        val md = MetaData()
        val t = md.table("order")
        val c1 = t.column("select \"x\"", SqlTypes.TEXT)
        val c2 = t.column("group", SqlTypes.LONG)
        val c3 = t.column("plain_name", SqlTypes.LONG)
        sql(select(c1, c2, c3).where(c2.eq(1L))) shouldBe
            "SELECT \"order\".\"select \"\"x\"\"\", \"order\".\"group\", \"order\".plain_name FROM \"order\" WHERE \"order\".\"group\" = ?"
        dialect.quote("Artist") shouldBe "Artist"
        dialect.quote("with space") shouldBe "\"with space\""
        dialect.quote("1abc") shouldBe "\"1abc\""
    }

    test("DDL: keys, composite primary key, foreign key actions, unique, check, defaults, indexes") {
        dialect.createTable(d.users) shouldBe "CREATE TABLE IF NOT EXISTS users (id INTEGER NOT NULL, email VARCHAR(100) NOT NULL UNIQUE," +
            " name TEXT NOT NULL, age INTEGER, created_at DATETIME NOT NULL, PRIMARY KEY (id))"
        dialect.createTable(d.posts) shouldBe "CREATE TABLE IF NOT EXISTS posts (id INTEGER NOT NULL, user_id INTEGER NOT NULL," +
            " title TEXT NOT NULL, likes INTEGER NOT NULL DEFAULT (0), PRIMARY KEY (id)," +
            " FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE)"
        dialect.createIndexes(d.posts) shouldContainExactly listOf("CREATE INDEX IF NOT EXISTS ix_posts_user_id ON posts (user_id)")
        dialect.createTable(d.accounts) shouldContain "CONSTRAINT balance_not_negative CHECK (CAST(balance AS REAL) >= 0)"
        dialect.createTable(d.accounts) shouldContain "balance DECIMAL_TEXT NOT NULL"

        val md = MetaData()
        val tags = md.table("post_tags")
        val a = tags.column("post_id", SqlTypes.LONG)
        val b = tags.column("tag", SqlTypes.text(30))
        tags.primaryKey(a, b)
        tags.foreignKey("fk_tags_post", listOf(a), listOf(d.postId), ReferentialAction.CASCADE, ReferentialAction.SET_NULL)
        tags.unique("uq_tag", b, a)
        tags.check(null, b.ne("").and(a.gt(0L)))
        val seq = md.table("seq")
        seq.column("id", SqlTypes.LONG).primaryKey().autoincrement(true)
        dialect.createTable(tags) shouldBe "CREATE TABLE IF NOT EXISTS post_tags (post_id INTEGER NOT NULL, tag VARCHAR(30) NOT NULL," +
            " PRIMARY KEY (post_id, tag), CONSTRAINT uq_tag UNIQUE (tag, post_id)," +
            " CONSTRAINT fk_tags_post FOREIGN KEY (post_id) REFERENCES posts (id) ON DELETE CASCADE ON UPDATE SET NULL," +
            " CHECK (tag <> '' AND post_id > 0))"
        dialect.createTable(seq) shouldBe "CREATE TABLE IF NOT EXISTS seq (id INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL)"
    }

    test("a statement is compiled once and reused; named parameters stay placeholders") {
        val q = select(d.name).where(d.userId.eq(bindParam("id", SqlTypes.LONG)))
        val before = dialect.compilationCount()
        val first = dialect.compile(q)
        val second = dialect.compile(q)
        (first === second) shouldBe true
        dialect.compilationCount() shouldBe before + 1
        first.binds().single().name() shouldBe "id"
    }

    test("values that do not fit the column's type are refused while building, naming the column") {
        @Suppress("UNCHECKED_CAST")
        val anyAge = d.age as io.kalchemy.sql.Expression<Any>
        shouldThrow<ArgumentError> { anyAge.eq("twelve") }.message shouldContain "column users.age"
        shouldThrow<ArgumentError> { select(d.userId).limit(-1) }
        literal(5L).type() shouldBe SqlTypes.LONG
        and() .let { sql(select(d.userId).where(it)) } shouldBe "SELECT users.id FROM users WHERE 1 = 1"
    }
})
