package io.kalchemy.engine

import io.kalchemy.dialect.TransactionMode
import io.kalchemy.errors.ArgumentError
import io.kalchemy.errors.DataError
import io.kalchemy.errors.DatabaseError
import io.kalchemy.errors.IntegrityError
import io.kalchemy.errors.InvalidRequestError
import io.kalchemy.errors.MultipleResultsFound
import io.kalchemy.errors.NoResultFound
import io.kalchemy.errors.ProgrammingError
import io.kalchemy.errors.ResourceClosedError
import io.kalchemy.schema.MetaData
import io.kalchemy.sql.Sql.bindParam
import io.kalchemy.sql.Sql.count
import io.kalchemy.sql.Sql.delete
import io.kalchemy.sql.Sql.excluded
import io.kalchemy.sql.Sql.exists
import io.kalchemy.sql.Sql.func
import io.kalchemy.sql.Sql.insert
import io.kalchemy.sql.Sql.select
import io.kalchemy.sql.Sql.sum
import io.kalchemy.sql.Sql.text
import io.kalchemy.sql.Sql.update
import io.kalchemy.types.SqlTypes
import io.kalchemy.types.TypeDecorator
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.ints.shouldBeLessThan
import io.kotest.matchers.collections.shouldContainExactly
import io.kotest.matchers.collections.shouldHaveSize
import io.kotest.matchers.nulls.shouldBeNull
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.string.shouldStartWith
import io.kotest.matchers.types.shouldBeInstanceOf
import org.sqlite.Function
import java.math.BigDecimal
import java.time.Instant
import java.time.LocalDate
import java.time.LocalDateTime
import java.time.LocalTime
import java.util.UUID

enum class Role { ADMIN, MEMBER }

/** A user-defined type stored through another: cents as INTEGER. */
data class Money(val cents: Long)

class MoneyType : TypeDecorator<Money, Long>(Money::class.java, SqlTypes.LONG) {
    override fun toDatabase(value: Money): Long = value.cents
    override fun fromDatabase(value: Long): Money = Money(value)
}

/**
 * The SQL core against a real database. Written once; [MemoryCoreSpec], [FileCoreSpec] and [PostgresCoreSpec]
 * run it on SQLite `:memory:`, a WAL file and PostgreSQL (what only SQLite does is in [SqliteCoreContract]).
 */
abstract class CoreBackendContract(backend: Backend) : FunSpec({

    fun Connection.seed(d: Domain) {
        createAll(d.metadata)
        val ids = execute(
            insert(d.users).values(
                listOf(
                    mapOf(d.email to "ann@x.org", d.name to "Ann", d.age to 31),
                    mapOf(d.email to "bob@x.org", d.name to "Bob", d.age to 17),
                    mapOf(d.email to "cy@y.org", d.name to "Cy", d.age to null),
                ),
            ).returning(d.userId),
        ).scalars<Long>().all()
        executeMany(
            insert(d.posts),
            listOf(
                mapOf("user_id" to ids[0], "title" to "one", "likes" to 5),
                mapOf("user_id" to ids[0], "title" to "two", "likes" to 12),
                mapOf("user_id" to ids[1], "title" to "three", "likes" to 0),
            ),
        )
    }

    test("every built-in type round-trips, including NULL") {
        backend.withEngine { engine ->
            val md = MetaData()
            val t = md.table("all_types")
            val id = t.column("id", SqlTypes.LONG).primaryKey()
            val i = t.column("i", SqlTypes.INTEGER)
            val l = t.column("l", SqlTypes.LONG)
            val dbl = t.column("d", SqlTypes.DOUBLE)
            val s = t.column("s", SqlTypes.TEXT)
            val b = t.column("b", SqlTypes.BLOB)
            val bool = t.column("bool", SqlTypes.BOOLEAN)
            val dec = t.column("dec", SqlTypes.DECIMAL)
            val inst = t.column("inst", SqlTypes.INSTANT)
            val date = t.column("date", SqlTypes.DATE)
            val dt = t.column("dt", SqlTypes.DATETIME)
            val time = t.column("time", SqlTypes.TIME)
            val uuid = t.column("uuid", SqlTypes.UUID)
            val role = t.column("role", SqlTypes.enumOf(Role::class.java))
            val money = t.column("money", MoneyType())
            engine.createAll(md)
            val u = UUID.randomUUID()
            val now = Instant.parse("2024-02-29T23:59:58.123456Z")
            engine.connect().use { c ->
                c.execute(
                    insert(t).value(i, Int.MIN_VALUE).value(l, Long.MAX_VALUE).value(dbl, 0.1 + 0.2).value(s, "it's \"quoted\" \u00e9\u4e2d")
                        .value(b, byteArrayOf(0, 1, -1, 127)).value(bool, true).value(dec, BigDecimal("12345678901234567890.123456789012345678900"))
                        .value(inst, now).value(date, LocalDate.of(1999, 12, 31)).value(dt, LocalDateTime.of(2020, 1, 2, 3, 4, 5, 6000))
                        .value(time, LocalTime.of(23, 0, 1, 500_000_000)).value(uuid, u).value(role, Role.ADMIN).value(money, Money(1999)),
                )
                c.execute(insert(t).value(s, null as String?))
                val row = c.execute(select(t).orderBy(id)).all()
                row shouldHaveSize 2
                val r = row[0]
                r.get(i) shouldBe Int.MIN_VALUE
                r.get(l) shouldBe Long.MAX_VALUE
                r.get(dbl) shouldBe 0.1 + 0.2
                r.get(s) shouldBe "it's \"quoted\" \u00e9\u4e2d"
                r.get(b).toList() shouldContainExactly listOf<Byte>(0, 1, -1, 127)
                r.get(bool) shouldBe true
                r.get(dec) shouldBe BigDecimal("12345678901234567890.123456789012345678900")
                r.get(inst) shouldBe now
                r.get(date) shouldBe LocalDate.of(1999, 12, 31)
                r.get(dt) shouldBe LocalDateTime.of(2020, 1, 2, 3, 4, 5, 6000)
                r.get(time) shouldBe LocalTime.of(23, 0, 1, 500_000_000)
                r.get(uuid) shouldBe u
                r.get(role) shouldBe Role.ADMIN
                r.get(money) shouldBe Money(1999)
                val nulls = row[1]
                listOf(i, l, dbl, b, bool, dec, inst, date, dt, time, uuid, role, money).forEach { col -> nulls.get(col).shouldBeNull() }
            }
        }
    }

    test("BigDecimal keeps every digit and its scale (no double round trip)") {
        backend.withEngine { engine ->
            val d = Domain()
            engine.createAll(d.metadata)
            val big = BigDecimal("1234567890123456789012345678901234567.890")
            engine.inTransaction { c -> c.execute(insert(d.accounts).value(d.balance, big).value(d.owner, null as Long?)) }
            engine.connect().use { c ->
                c.scalar<BigDecimal>(select(d.balance)) shouldBe big
                c.scalar<BigDecimal>(select(d.balance)).scale() shouldBe 3
            }
        }
    }

    test("values the type cannot read give a DataError naming the type and value") {
        backend.withEngine { engine ->
            engine.connect().use { c ->
                c.executeDriverSql("CREATE TABLE bad (u CHAR(32), e TEXT, d TEXT)") // values another program wrote, in columns that can hold them
                c.executeDriverSql("INSERT INTO bad VALUES ('not-a-uuid', 'OWNER', 'yesterday')")
                val md = MetaData()
                val bad = md.table("bad")
                val u = bad.column("u", SqlTypes.UUID)
                val e = bad.column("e", SqlTypes.enumOf(Role::class.java))
                val d = bad.column("d", SqlTypes.DATE)
                shouldThrow<DataError> { c.execute(select(u)).all() }.message shouldContain "'not-a-uuid'"
                shouldThrow<DataError> { c.execute(select(e)).all() }.message shouldContain "'OWNER' is not a constant of enum io.kalchemy.engine.Role"
                shouldThrow<DataError> { c.execute(select(d)).all() }.message shouldContain "'yesterday'"
                c.openResults() shouldBe 0
            }
        }
    }

    test("createAll creates in foreign-key order, skips what exists; dropAll drops dependents first") {
        backend.withEngine { engine ->
            val d = Domain()
            engine.createAll(d.metadata)
            engine.createAll(d.metadata) // again: nothing to do, no error
            engine.connect().use { c ->
                c.hasTable("users") shouldBe true
                c.hasTable("posts") shouldBe true
                // the index exists: creating it again without IF NOT EXISTS is refused
                shouldThrow<DatabaseError> { c.executeDriverSql("CREATE INDEX ix_posts_user_id ON posts (user_id)") }.message shouldContain
                    "already exists"
            }
            engine.inTransaction { c -> c.seed(Domain().also { it.metadata.tables() }) }
            engine.dropAll(d.metadata)
            engine.connect().use { c ->
                c.hasTable("users") shouldBe false
                c.hasTable("posts") shouldBe false
            }
        }
    }

    test("DDL is transactional: a rolled-back createAll leaves nothing") {
        backend.withEngine { engine ->
            val d = Domain()
            engine.connect().use { c ->
                c.begin().use { _ -> c.createAll(d.metadata) } // closed without commit
                c.hasTable("users") shouldBe false
            }
        }
    }

    test("queries: where, join, group by, having, order, limit, offset, distinct") {
        backend.withEngine { engine ->
            val d = Domain()
            engine.connect().use { c ->
                c.seed(d)
                c.execute(select(d.name).where(d.email.like("%@x.org")).orderBy(d.name.desc())).scalars<String>().all() shouldContainExactly
                    listOf("Bob", "Ann")
                c.execute(select(d.name).where(d.email.ilike("%@X.ORG")).orderBy(d.name)).scalars<String>().all() shouldContainExactly
                    listOf("Ann", "Bob")
                c.execute(select(d.name, d.title).join(d.posts).where(d.likes.gt(1)).orderBy(d.likes)).all()
                    .map { it.get(d.name) + ":" + it.get(d.title) } shouldContainExactly listOf("Ann:one", "Ann:two")
                c.execute(
                    select(d.name, count(d.postId).label("n")).leftJoin(d.posts).groupBy(d.userId)
                        .having(count(d.postId).lt(2L)).orderBy(d.name),
                ).all().map { it.get("name") to it.get("n") } shouldContainExactly listOf("Bob" to 1L, "Cy" to 0L)
                c.execute(select(d.name).orderBy(d.age.asc().nullsLast()).limit(2).offset(1)).scalars<String>().all() shouldContainExactly
                    listOf("Ann", "Cy")
                c.execute(select(d.name).orderBy(d.age.asc().nullsFirst()).limit(1)).scalars<String>().one() shouldBe "Cy"
                c.execute(select(d.author).distinct().orderBy(d.author)).scalars<Long>().all() shouldHaveSize 2
                c.scalar<Int>(select(sum(d.likes))) shouldBe 17
                c.execute(select(d.userId).where(d.userId.`in`(emptyList()))).all() shouldHaveSize 0
                c.execute(select(d.name).where(d.age.between(18, 40))).scalars<String>().all() shouldContainExactly listOf("Ann")
                c.execute(select(d.name).where(d.age.isNull())).scalars<String>().one() shouldBe "Cy"
            }
        }
    }

    test("subqueries: scalar (correlated), exists, in, from; union") {
        backend.withEngine { engine ->
            val d = Domain()
            engine.connect().use { c ->
                c.seed(d)
                val postCount = select(count()).where(d.author.eq(d.userId)).scalarSubquery<Long>()
                c.execute(select(d.name, postCount.label("posts")).orderBy(d.name)).all().map { it.get(1) } shouldContainExactly listOf(2L, 1L, 0L)
                c.execute(select(d.name).where(exists(select(d.postId).where(d.author.eq(d.userId), d.likes.ge(12)))))
                    .scalars<String>().all() shouldContainExactly listOf("Ann")
                c.execute(select(d.name).where(d.userId.notIn(select(d.author))).orderBy(d.name)).scalars<String>().all() shouldContainExactly
                    listOf("Cy")
                val top = select(d.author, sum(d.likes).label("total")).groupBy(d.author).subquery("totals")
                c.execute(select(d.name, top.column<Int>("total")).join(top, top.column<Long>("user_id").eq(d.userId)).orderBy(d.name))
                    .all().map { it.get("total") } shouldContainExactly listOf(17, 0)
                c.execute(select(d.name).where(d.age.lt(20)).union(select(d.title).where(d.likes.eq(0))).orderBy(d.name.asc()))
                    .scalars<String>().all() shouldContainExactly listOf("Bob", "three")
                c.execute(select(d.name).where(d.age.lt(20)).unionAll(select(d.name).where(d.age.lt(20)))).all() shouldHaveSize 2
            }
        }
    }

    test("insert returning, update and delete returning, row counts") {
        backend.withEngine { engine ->
            val d = Domain()
            engine.connect().use { c ->
                c.seed(d)
                val r = c.execute(insert(d.users).value(d.email, "dee@x.org").value(d.name, "Dee").returning(d.userId, d.createdAt)).one()
                (r.get(d.userId) > 0) shouldBe true
                r.get(d.createdAt).shouldBeInstanceOf<Instant>()
                c.execute(update(d.posts).set(d.likes, d.likes.plus(10)).where(d.title.eq("one")).returning(d.likes)).scalars<Int>()
                    .one() shouldBe 15
                c.execute(update(d.users).set(d.age, 1).where(d.age.isNull())).rowCount() shouldBe 2 // Cy and Dee
                c.execute(delete(d.posts).where(d.likes.lt(1)).returning(d.title)).scalars<String>().all() shouldContainExactly listOf("three")
                c.execute(delete(d.users).where(d.name.eq("Ann"))).rowCount() shouldBe 1
                c.scalar<Long>(select(count()).from(d.posts)) shouldBe 0L // ON DELETE CASCADE removed Ann's posts
            }
        }
    }

    test("upserts: do nothing and do update with excluded values") {
        backend.withEngine { engine ->
            val d = Domain()
            engine.connect().use { c ->
                c.seed(d)
                c.execute(insert(d.users).value(d.email, "ann@x.org").value(d.name, "Other").onConflictDoNothing(d.email)).rowCount() shouldBe 0
                c.execute(
                    insert(d.users).value(d.email, "ann@x.org").value(d.name, "Ann B.").value(d.age, 32)
                        .onConflictDoUpdate(listOf(d.email), mapOf(d.name to excluded(d.name), d.age to excluded(d.age)))
                        .returning(d.name, d.age),
                ).one().values() shouldContainExactly listOf("Ann B.", 32)
                c.scalar<Long>(select(count()).from(d.users)) shouldBe 3L
            }
        }
    }

    test("text() with named parameters, and named placeholders in built statements") {
        backend.withEngine { engine ->
            val d = Domain()
            engine.connect().use { c ->
                c.seed(d)
                c.execute(text("SELECT name FROM users WHERE age > :min ORDER BY name"), mapOf("min" to 20)).scalars<Any>().all() shouldContainExactly
                    listOf("Ann")
                val byId = select(d.name).where(d.email.eq(bindParam("email", SqlTypes.TEXT)))
                c.execute(byId, mapOf("email" to "bob@x.org")).scalar<String>() shouldBe "Bob"
                c.execute(byId, mapOf("email" to "cy@y.org")).scalar<String>() shouldBe "Cy"
                shouldThrow<ArgumentError> { c.execute(byId) }.message shouldContain "no value for parameter :email"
                c.execute(select(d.name).where(text("age < :a").bind("a", 20))).scalar<String>() shouldBe "Bob"
            }
        }
    }

    test("results: scalar, scalars, mappings, first, one, oneOrNull, all, fetchMany, partitions, iteration") {
        backend.withEngine { engine ->
            val d = Domain()
            engine.connect().use { c ->
                c.seed(d)
                val q = select(d.name, d.age).orderBy(d.name)
                c.execute(q).mappings().all().map { it["name"] } shouldContainExactly listOf("Ann", "Bob", "Cy")
                c.execute(q).first()!!.get("age") shouldBe 31
                c.execute(q.where(d.name.eq("Zed"))).first().shouldBeNull()
                shouldThrow<NoResultFound> { c.execute(q.where(d.name.eq("Zed"))).one() }
                shouldThrow<MultipleResultsFound> { c.execute(q).one() }
                shouldThrow<MultipleResultsFound> { c.execute(q).oneOrNull() }
                c.execute(q.where(d.name.eq("Zed"))).oneOrNull().shouldBeNull()
                c.execute(q.where(d.name.eq("Zed"))).scalar<String>().shouldBeNull()
                val r = c.execute(q)
                r.fetchMany(2).map { it.get(0) } shouldContainExactly listOf("Ann", "Bob")
                r.fetchMany(2).map { it.get(0) } shouldContainExactly listOf("Cy")
                r.fetchMany(2) shouldHaveSize 0
                r.isClosed shouldBe true
                c.execute(q).scalars<String>().partitions(2).map { it.toList() } shouldContainExactly listOf(listOf("Ann", "Bob"), listOf("Cy"))
                c.execute(q).map { it.get(d.name) + it.get(d.age) } shouldContainExactly listOf("Ann31", "Bob17", "Cynull")
                c.execute(q).first()!!.asMap() shouldBe mapOf("name" to "Ann", "age" to 31)
                shouldThrow<ArgumentError> { c.execute(q).first()!!.get("nope") }.message shouldContain "no column 'nope'"
                c.openResults() shouldBe 0
            }
        }
    }

    test("a streaming cursor reads row by row and releases its statement when closed") {
        backend.withEngine { engine ->
            val d = Domain()
            engine.connect().use { c ->
                c.createAll(d.metadata)
                c.executeMany(insert(d.users), (1..5000).map { mapOf("email" to "u$it@x.org", "name" to "u$it") })
                val cursor = c.stream(select(d.userId, d.name).orderBy(d.userId), null, 100)
                var seen = 0L
                cursor.use { res ->
                    for (row in res) {
                        seen += row.get(d.userId)
                        if (row.get(d.userId) == 2500L) break
                    }
                }
                seen shouldBe (1..2500L).sum()
                c.openResults() shouldBe 0
                val open = c.stream(select(d.userId).orderBy(d.userId), null, 10)
                open.fetchOne()!!.get(0) shouldBe 1L
                c.openResults() shouldBe 1
                // the same statement while the first cursor is open gets its own prepared statement
                c.execute(select(d.userId).orderBy(d.userId)).all() shouldHaveSize 5000
                open.fetchMany(3).map { it.get(0) } shouldContainExactly listOf(2L, 3L, 4L)
                open.close()
                c.openResults() shouldBe 0
            }
        }
    }

    test("transactions: commit, rollback, close rolls back, modes, explicit begin after autobegin is refused") {
        backend.withEngine { engine ->
            val d = Domain()
            engine.createAll(d.metadata)
            engine.connect().use { c ->
                c.execute(insert(d.users).value(d.email, "a@x").value(d.name, "A"))
                c.inTransaction() shouldBe true
                c.commit()
                c.inTransaction() shouldBe false
                c.execute(insert(d.users).value(d.email, "b@x").value(d.name, "B"))
                c.rollback()
                shouldThrow<InvalidRequestError> { c.execute(select(d.userId)); c.begin() }.message shouldContain "already active"
                c.rollback()
                c.begin(TransactionMode.IMMEDIATE).use { tx ->
                    tx.mode() shouldBe TransactionMode.IMMEDIATE
                    c.execute(insert(d.users).value(d.email, "c@x").value(d.name, "C"))
                    tx.commit()
                    shouldThrow<ResourceClosedError> { tx.commit() }
                }
                c.execute(insert(d.users).value(d.email, "never@x").value(d.name, "N")) // left uncommitted
            }
            engine.connect().use { c ->
                c.execute(select(d.name).orderBy(d.name)).scalars<String>().all() shouldContainExactly listOf("A", "C")
            }
            engine.checkedOutConnections() shouldBe 0
        }
    }

    test("savepoints: rolling back a nested transaction undoes only its part") {
        backend.withEngine { engine ->
            val d = Domain()
            engine.createAll(d.metadata)
            engine.connect().use { c ->
                c.begin().use { tx ->
                    c.execute(insert(d.users).value(d.email, "outer@x").value(d.name, "outer"))
                    c.beginNested().use { sp ->
                        c.execute(insert(d.users).value(d.email, "inner@x").value(d.name, "inner"))
                        c.beginNested().use { sp2 ->
                            c.execute(insert(d.users).value(d.email, "deep@x").value(d.name, "deep"))
                            sp2.commit()
                        }
                        sp.rollback()
                        sp.isActive shouldBe false
                    }
                    c.beginNested().use { sp ->
                        c.execute(insert(d.users).value(d.email, "kept@x").value(d.name, "kept"))
                        sp.commit()
                    }
                    c.inNestedTransaction() shouldBe false
                    tx.commit()
                }
                c.execute(select(d.name).orderBy(d.name)).scalars<String>().all() shouldContainExactly listOf("kept", "outer")
            }
        }
    }

    test("savepoints on a long-lived connection reuse their statements and undo the right part") {
        backend.withEngine { engine ->
            val d = Domain()
            engine.createAll(d.metadata)
            engine.connect().use { c ->
                c.begin().use { tx ->
                    repeat(300) { i ->
                        val outer = c.beginNested()
                        c.execute(insert(d.users).value(d.email, "u$i@x").value(d.name, "kept $i"))
                        c.beginNested().use { inner ->
                            c.execute(insert(d.users).value(d.email, "v$i@x").value(d.name, "undone $i"))
                            inner.rollback()
                        }
                        if (i % 2 == 0) outer.commit() else outer.rollback()
                    }
                    tx.commit()
                }
                // named by depth: a few SAVEPOINT / RELEASE / ROLLBACK TO texts, not one prepared statement per savepoint
                c.cachedStatements() shouldBeLessThan 20
                c.execute(select(d.name).orderBy(d.userId)).scalars<String>().all() shouldBe (0 until 300 step 2).map { "kept $it" }
            }
        }
    }

    test("constraint violations become IntegrityError naming the constraint, table and column") {
        backend.withEngine { engine ->
            val d = Domain()
            engine.connect().use { c ->
                c.seed(d)
                val unique = shouldThrow<IntegrityError> { c.execute(insert(d.users).value(d.email, "ann@x.org").value(d.name, "x")) }
                unique.constraint() shouldBe IntegrityError.Constraint.UNIQUE
                unique.table() shouldBe "users"
                unique.columns() shouldContainExactly listOf("email")
                unique.statement() shouldStartWith "INSERT INTO users"
                unique.message shouldContain "UNIQUE constraint failed: users.email"
                unique.cause.shouldBeInstanceOf<java.sql.SQLException>()

                val notNull = shouldThrow<IntegrityError> { c.execute(insert(d.users).value(d.email, "new@x.org")) }
                notNull.constraint() shouldBe IntegrityError.Constraint.NOT_NULL
                notNull.columns() shouldContainExactly listOf("name")

                val fk = shouldThrow<IntegrityError> { c.execute(insert(d.posts).value(d.author, 999L).value(d.title, "orphan")) }
                fk.constraint() shouldBe IntegrityError.Constraint.FOREIGN_KEY

                val check = shouldThrow<IntegrityError> { c.execute(insert(d.accounts).value(d.balance, BigDecimal("-1"))) }
                check.constraint() shouldBe IntegrityError.Constraint.CHECK
                check.constraintName() shouldBe "balance_not_negative"

                val pk = shouldThrow<IntegrityError> { c.execute(insert(d.users).value(d.userId, 1L).value(d.email, "z@z").value(d.name, "z")) }
                pk.constraint() shouldBe IntegrityError.Constraint.PRIMARY_KEY
                // the failed statements changed nothing
                c.scalar<Long>(select(count()).from(d.users)) shouldBe 3L
            }
        }
    }

    test("bad SQL becomes ProgrammingError with the database's words and the statement") {
        backend.withEngine { engine ->
            engine.connect().use { c ->
                val e = shouldThrow<ProgrammingError> { c.executeDriverSql("SELEKT 1") }
                e.message shouldContain "syntax error"
                e.statement() shouldBe "SELEKT 1"
                shouldThrow<ProgrammingError> { c.executeDriverSql("SELECT * FROM missing_table") }.message shouldContain "missing_table"
            }
        }
    }

    test("identifiers that are reserved words or contain quotes and spaces work end to end") {
        backend.withEngine { engine ->
            val md = MetaData()
            val t = md.table("order")
            val id = t.column("select", SqlTypes.LONG).primaryKey()
            val odd = t.column("my \"odd\" col", SqlTypes.TEXT)
            engine.createAll(md)
            engine.inTransaction { c -> c.execute(insert(t).value(odd, "x'); DROP TABLE \"order\"; --")) }
            engine.connect().use { c ->
                c.execute(select(id, odd).where(odd.like("%DROP%"))).one().get(odd) shouldBe "x'); DROP TABLE \"order\"; --"
                c.hasTable("order") shouldBe true
            }
        }
    }

    test("statements are echoed with their parameters to listeners; prepared statements are reused") {
        val seen = mutableListOf<String>()
        val options = EngineOptions().echo(true).listener(object : ExecutionListener {
            override fun beforeExecute(sql: String, parameters: List<Any?>) {
                seen += "$sql $parameters"
            }
        })
        backend.withEngine(options) { engine ->
            val d = Domain()
            engine.createAll(d.metadata)
            engine.connect().use { c ->
                val q = select(d.name).where(d.email.eq(bindParam("e", SqlTypes.TEXT)))
                repeat(3) { c.execute(q, mapOf("e" to "x$it")).all() }
                seen.filter { it.startsWith("SELECT users.name") } shouldContainExactly listOf(
                    "SELECT users.name FROM users WHERE users.email = ? [x0]",
                    "SELECT users.name FROM users WHERE users.email = ? [x1]",
                    "SELECT users.name FROM users WHERE users.email = ? [x2]",
                )
            }
        }
    }

    test("closed connections and engines refuse work with a clear error; nothing leaks") {
        backend.withEngine { engine ->
            val c = engine.connect()
            c.close()
            shouldThrow<ResourceClosedError> { c.execute(text("SELECT 1")) }.message shouldContain "connection is closed"
            engine.checkedOutConnections() shouldBe 0
        }
    }
})

class MemoryCoreSpec : CoreBackendContract(Backend.memory)

class FileCoreSpec : CoreBackendContract(Backend.file)

class PostgresCoreSpec : CoreBackendContract(Backend.postgres)
