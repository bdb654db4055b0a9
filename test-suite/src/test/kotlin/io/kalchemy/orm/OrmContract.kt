package io.kalchemy.orm

import io.kalchemy.engine.Backend
import io.kalchemy.engine.Money
import io.kalchemy.engine.Role
import io.kalchemy.engine.withEngine
import io.kalchemy.dialect.sqlite.SqliteDialect
import io.kalchemy.engine.Engine
import io.kalchemy.engine.EngineOptions
import io.kalchemy.engine.ExecutionListener
import io.kalchemy.errors.ArgumentError
import io.kalchemy.errors.FlushError
import io.kalchemy.errors.IntegrityError
import io.kalchemy.errors.InvalidRequestError
import io.kalchemy.errors.MultipleResultsFound
import io.kalchemy.errors.ObjectDeletedError
import io.kalchemy.errors.PendingRollbackError
import io.kalchemy.errors.StaleDataError
import io.kalchemy.sql.Sql.count
import io.kalchemy.sql.Sql.delete
import io.kalchemy.sql.Sql.insert
import io.kalchemy.sql.Sql.select
import io.kalchemy.sql.Sql.update
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldBeEmpty
import io.kotest.matchers.collections.shouldContainExactly
import io.kotest.matchers.collections.shouldHaveSize
import io.kotest.matchers.ints.shouldBeLessThanOrEqual
import io.kotest.matchers.nulls.shouldBeNull
import io.kotest.matchers.nulls.shouldNotBeNull
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.types.shouldBeSameInstanceAs
import java.time.Instant
import java.util.UUID

/** Records every statement an engine runs, for asserting what the ORM sends. */
class StatementLog : ExecutionListener {
    val statements = mutableListOf<String>()
    override fun beforeExecute(sql: String, parameters: List<Any?>) {
        statements += sql
    }
    fun clear() = statements.clear()
    fun count(prefix: String) = statements.count { it.startsWith(prefix) }
}

/** An engine with the ORM domain's tables, a factory over it and its statement log. */
class OrmFixture(val engine: Engine, val registry: Registry, val log: StatementLog, options: SessionOptions = SessionOptions()) {
    val sessions = SessionFactory(engine, options.registry(registry))
    val users: Mapper<User> = registry.mapper(User::class.java)
    val posts: Mapper<Post> = registry.mapper(Post::class.java)

    init {
        engine.inTransaction { c ->
            c.create(registry.tables(User::class.java, Post::class.java, Account::class.java, Document::class.java,
                Membership::class.java, Tag::class.java))
        }
    }

    fun <R> session(block: (Session) -> R): R = sessions.open().use(block)
}

/** The ORM against real SQLite; [MemoryOrmSpec] and [FileOrmSpec] run it on `:memory:` and a WAL file. */
abstract class OrmContract(backend: Backend) : FunSpec({

    fun fixture(options: SessionOptions = SessionOptions(), block: (OrmFixture) -> Unit) {
        val log = StatementLog()
        backend.withEngine(EngineOptions().listener(log)) { engine -> block(OrmFixture(engine, ormRegistry(), log, options)) }
    }

    test("Kotlin classes map without a no-arg constructor; nullability comes from Kotlin types") {
        fixture { f ->
            SqliteDialect.INSTANCE.createTable(f.users.table()) shouldBe "CREATE TABLE IF NOT EXISTS users (" +
                "email VARCHAR(100) NOT NULL UNIQUE, name TEXT NOT NULL, created_at DATETIME NOT NULL, id INTEGER NOT NULL," +
                " bio TEXT, role VARCHAR(6) NOT NULL, PRIMARY KEY (id))"
            SqliteDialect.INSTANCE.createTable(f.posts.table()) shouldContain
                "FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE"
            val id = f.session { s ->
                val t = Tag("kotlin")
                s.add(t)
                s.commit()
                t.id
            }
            f.session { s -> s.get(Tag::class.java, id)!!.label shouldBe "kotlin" }
        }
    }

    test("generated keys are read back at flush; application keys (UUID, text, composite) are kept") {
        fixture { f ->
            val uuid = UUID.randomUUID()
            f.session { s ->
                val ann = User("ann@x.org", "Ann")
                val bob = User("bob@x.org", "Bob")
                s.addAll(listOf(ann, bob))
                ann.id.shouldBeNull()
                s.flush()
                ann.id.shouldNotBeNull()
                bob.id shouldBe ann.id!! + 1
                s.add(Document(uuid, "spec"))
                s.add(Membership("acme", "ann", 3))
                s.commit()
            }
            f.session { s ->
                s.get(Document::class.java, uuid)!!.title shouldBe "spec"
                s.get(Membership::class.java, listOf("acme", "ann"))!!.level shouldBe 3
                s.get(Membership::class.java, arrayOf("acme", "nobody")).shouldBeNull()
                shouldThrow<ArgumentError> { s.get(Membership::class.java, "acme") }.message shouldContain "composite key of 2 parts"
                shouldThrow<FlushError> {
                    s.add(Document(uuid, "x").also { it.javaClass.getDeclaredField("uuid").apply { isAccessible = true }.set(it, null) })
                    s.flush()
                }.message shouldContain "primary key property uuid is null"
            }
        }
    }

    test("custom column types, enums and nullable properties round-trip through entities") {
        fixture { f ->
            val id = f.session { s ->
                val a = Account("ann", Money(1050))
                val u = User("e@x.org", "E").apply { role = Role.ADMIN; bio = null }
                s.addAll(listOf(a, u))
                s.commit()
                listOf(a.id, u.id)
            }
            f.session { s ->
                s.get(Account::class.java, id[0])!!.balance shouldBe Money(1050)
                val u = s.get(User::class.java, id[1])!!
                u.role shouldBe Role.ADMIN
                u.bio.shouldBeNull()
                u.scratch shouldBe "not stored"
            }
        }
    }

    test("get: identity map first (no SQL), then one SELECT; one object per key") {
        fixture { f ->
            val id = f.session { s -> User("a@x", "A").also { s.add(it); s.commit() }.id!! }
            f.session { s ->
                f.log.clear()
                val a = s.get(User::class.java, id)!!
                f.log.count("SELECT") shouldBe 1
                val again = s.get(User::class.java, id)
                f.log.count("SELECT") shouldBe 1
                again shouldBeSameInstanceAs a
                s.execute(select(f.users).where(f.users.column<String>("email").eq("a@x"))).scalars<User>().one() shouldBeSameInstanceAs a
                s.get(User::class.java, 999L).shouldBeNull()
            }
        }
    }

    test("a query returning a row already in the session keeps its unflushed changes") {
        fixture(SessionOptions().autoflush(false)) { f ->
            f.session { s -> s.add(User("a@x", "A")); s.commit() }
            f.session { s ->
                val a = s.scalars<User>(select(f.users)).one()
                a.name = "changed, not flushed"
                val b = s.scalars<User>(select(f.users)).one()
                b shouldBeSameInstanceAs a
                b.name shouldBe "changed, not flushed"
            }
        }
    }

    test("dirty checking updates only the changed columns, and nothing when nothing changed") {
        fixture { f ->
            f.session { s -> s.add(User("a@x", "A")); s.commit() }
            f.session { s ->
                val a = s.scalars<User>(select(f.users)).one()
                f.log.clear()
                s.flush()
                f.log.count("UPDATE") shouldBe 0
                a.name = "Ann"
                s.isModified(a) shouldBe true
                s.history(a).oldValue("name") shouldBe "A"
                s.commit()
                f.log.statements.filter { it.startsWith("UPDATE") } shouldContainExactly listOf("UPDATE users SET name = ? WHERE users.id = ?")
            }
            f.session { s -> s.scalars<User>(select(f.users)).one().name shouldBe "Ann" }
        }
    }

    test("flush orders inserts parents-first and deletes children-first, and batches per table") {
        fixture { f ->
            f.session { s ->
                // the post is added before its user; application-assigned ids make the order matter
                val u = User("p@x", "P").apply { id = 42 }
                s.add(Post(42, "first"))
                s.add(u)
                s.commit()
            }
            f.session { s ->
                val users = (1..1000).map { User("u$it@x", "U$it") }
                s.addAll(users)
                f.log.clear()
                s.flush()
                // several rows per INSERT where the keys come back in the rows' order; one per row elsewhere
                val batched = f.engine.dialect().supports(io.kalchemy.dialect.Capability.ORDERED_INSERT_KEYS)
                f.log.count("INSERT INTO users") shouldBeLessThanOrEqual (if (batched) 2 else 1000)
                users.map { it.id }.toSet() shouldHaveSize 1000
                s.commit()
            }
            f.session { s ->
                s.scalar<Long>(select(count()).from(f.users)) shouldBe 1001L
                val u = s.get(User::class.java, 42L)!!
                val p = s.scalars<Post>(select(f.posts)).one()
                s.delete(u)
                s.delete(p)
                s.commit()
                s.scalar<Long>(select(count()).from(f.posts)) shouldBe 0L
            }
        }
    }

    test("a unique violation in a flush of 1,000 objects writes nothing and needs rollback; then the session works again") {
        fixture { f ->
            f.session { s -> s.add(User("taken@x", "T")); s.commit() }
            f.session { s ->
                val users = (1..1000).map { User(if (it == 700) "taken@x" else "n$it@x", "N$it") }
                s.addAll(users)
                val e = shouldThrow<IntegrityError> { s.flush() }
                e.constraint() shouldBe IntegrityError.Constraint.UNIQUE
                e.columns() shouldContainExactly listOf("email")
                users.all { it.id == null } shouldBe true
                shouldThrow<PendingRollbackError> { s.get(User::class.java, 1L) }.message shouldContain "call rollback()"
                shouldThrow<PendingRollbackError> { s.commit() }
                s.rollback()
                users.all { s.state(it) == EntityState.TRANSIENT } shouldBe true
                s.scalar<Long>(select(count()).from(f.users)) shouldBe 1L
                users[699].email = "fixed@x"
                s.addAll(users)
                s.commit()
            }
            f.session { s -> s.scalar<Long>(select(count()).from(f.users)) shouldBe 1001L }
        }
    }

    test("optimistic locking: @Version counts updates and a stale update raises StaleDataError") {
        fixture { f ->
            val id = f.session { s ->
                val a = Account("ann", Money(100))
                s.add(a)
                s.flush()
                a.version shouldBe 1L // set on the object by the flush
                s.commit()
                a.id!!
            }
            f.session { s ->
                val a = s.get(Account::class.java, id)!!
                a.version shouldBe 1L
                a.balance = Money(90)
                s.flush()
                a.version shouldBe 2L
                s.isModified(a) shouldBe false
                s.commit()
                s.refresh(a)
                a.version shouldBe 2L
                s.commit() // ends the session's transaction (and gives back its connection)
                // someone else updates the row meanwhile
                f.engine.inTransaction { c ->
                    c.execute(update(f.registry.mapper(Account::class.java).table())
                        .set(f.registry.mapper(Account::class.java).column<Long>("version"), 3L))
                }
                a.balance = Money(80)
                shouldThrow<StaleDataError> { s.flush() }.message shouldContain "version is no longer 2"
                s.rollback()
            }
        }
    }

    test("refresh, expire, expunge, merge and object states") {
        fixture { f ->
            f.session { s ->
                val u = User("a@x", "A")
                s.state(u) shouldBe EntityState.TRANSIENT
                s.add(u)
                s.state(u) shouldBe EntityState.PENDING
                s.flush()
                s.state(u) shouldBe EntityState.PERSISTENT
                s.connection().execute(update(f.users.table()).set(f.users.column<String>("name"), "Changed"))
                u.name shouldBe "A"
                s.refresh(u)
                u.name shouldBe "Changed"
                u.name = "local"
                s.expire(u)
                s.scalars<User>(select(f.users)).one().name shouldBe "Changed"
                s.expunge(u)
                s.state(u) shouldBe EntityState.DETACHED
                s.contains(u) shouldBe false
                u.name = "merged"
                val merged = s.merge(u)
                (merged === u) shouldBe false
                merged.name shouldBe "merged"
                s.state(merged) shouldBe EntityState.PERSISTENT
                s.delete(merged)
                s.state(merged) shouldBe EntityState.DELETED
                s.flush()
                s.commit()
                s.state(merged) shouldBe EntityState.DETACHED
                val v = User("v@x", "V").also { s.add(it); s.commit() }
                s.connection().execute(delete(f.users.table())) // behind the session's back
                shouldThrow<ObjectDeletedError> { s.refresh(v) }.message shouldContain "no longer exists"
            }
        }
    }

    test("merge of a new object returns a pending copy; expungeAll empties the session") {
        fixture { f ->
            f.session { s ->
                val copy = s.merge(User("m@x", "M"))
                s.state(copy) shouldBe EntityState.PENDING
                s.commit()
                s.identityMapSize() shouldBe 1
                s.expungeAll()
                s.identityMapSize() shouldBe 0
            }
        }
    }

    test("commit expires objects; the next query refreshes them; expireOnCommit=false keeps them") {
        fixture { f ->
            f.session { s ->
                val u = User("a@x", "A").also { s.add(it); s.commit() }
                f.engine.inTransaction { c -> c.execute(update(f.users.table()).set(f.users.column<String>("name"), "outside")) }
                u.name shouldBe "A" // nothing loads behind the caller's back
                s.get(User::class.java, u.id)!!.name shouldBe "outside"
            }
        }
        fixture(SessionOptions().expireOnCommit(false)) { f ->
            f.session { s ->
                val u = User("a@x", "A").also { s.add(it); s.commit() }
                f.engine.inTransaction { c -> c.execute(update(f.users.table()).set(f.users.column<String>("name"), "outside")) }
                s.get(User::class.java, u.id)!!.name shouldBe "A"
            }
        }
    }

    test("rollback returns added objects to transient and deleted ones to persistent") {
        fixture { f ->
            val keep = f.session { s -> User("k@x", "K").also { s.add(it); s.commit() }.id!! }
            f.session { s ->
                val k = s.get(User::class.java, keep)!!
                val n = User("n@x", "N")
                s.add(n)
                s.flush()
                n.id.shouldNotBeNull()
                s.delete(k)
                s.flush()
                s.rollback()
                s.state(n) shouldBe EntityState.TRANSIENT
                n.id.shouldBeNull()
                s.state(k) shouldBe EntityState.PERSISTENT
                s.scalar<Long>(select(count()).from(f.users)) shouldBe 1L
            }
        }
    }

    test("autoflush makes pending objects visible to queries; delete of a non-persistent object is refused") {
        fixture { f ->
            f.session { s ->
                s.add(User("a@x", "A"))
                s.scalar<Long>(select(count()).from(f.users)) shouldBe 1L
                shouldThrow<InvalidRequestError> { s.delete(User("b@x", "B")) }.message shouldContain "not persistent"
            }
        }
        fixture(SessionOptions().autoflush(false)) { f ->
            f.session { s ->
                s.add(User("a@x", "A"))
                s.scalar<Long>(select(count()).from(f.users)) shouldBe 0L
            }
        }
    }

    test("session and entity events, with the changed attributes' history") {
        fixture { f ->
            val seen = mutableListOf<String>()
            f.sessions.events()
                .afterBegin { seen += "begin" }
                .beforeFlush { seen += "beforeFlush" }
                .afterFlush { seen += "afterFlush" }
                .afterCommit { seen += "commit" }
                .afterRollback { seen += "rollback" }
                .beforeInsert(User::class.java) { _, u, h -> seen += "beforeInsert ${u.email} ${h.newValue("name")}"; u.bio = "set by hook" }
                .afterInsert(User::class.java) { _, u, _ -> seen += "afterInsert ${u.id != null}" }
                .beforeUpdate(User::class.java) { _, _, h -> seen += "beforeUpdate ${h.changedProperties()} ${h.oldValue("name")}->${h.newValue("name")}" }
                .afterUpdate(User::class.java) { _, _, _ -> seen += "afterUpdate" }
                .beforeDelete(User::class.java) { _, _, _ -> seen += "beforeDelete" }
                .afterDelete(User::class.java) { _, _, _ -> seen += "afterDelete" }
            f.session { s ->
                val u = User("a@x", "A")
                s.add(u)
                s.commit()
                s.refresh(u)
                u.bio shouldBe "set by hook"
                u.name = "B"
                s.commit()
                s.delete(s.get(User::class.java, u.id)!!)
                s.commit()
                s.rollback()
            }
            seen shouldContainExactly listOf(
                "beforeFlush", "begin", "beforeInsert a@x A", "afterInsert true", "afterFlush", "commit",
                "begin", "beforeFlush", "beforeUpdate [name] A->B", "afterUpdate", "afterFlush", "commit",
                "begin", "beforeFlush", "beforeDelete", "afterDelete", "afterFlush", "commit", "rollback",
            )
        }
    }

    test("ORM queries: entities and tuples, scalars, one/first/oneOrNull, pagination with a total") {
        fixture { f ->
            f.session { s ->
                val users = (1..25).map { User("u$it@x", "U%02d".format(it)) }
                s.addAll(users)
                s.flush()
                users.take(3).forEach { u -> s.add(Post(u.id!!, "p-${u.name}")); s.add(Post(u.id!!, "q-${u.name}")) }
                s.commit()
            }
            f.session { s ->
                val name = f.users.column<String>("name")
                val uid = f.users.column<Long>("id")
                val rows = s.execute(
                    select(f.users, count(f.posts.column<Long>("id")).label("posts")).leftJoin(f.posts).groupBy(uid).orderBy(name).limit(4),
                ).all()
                rows.map { (it.get(0) as User).name to it.get("posts") } shouldContainExactly
                    listOf("U01" to 2L, "U02" to 2L, "U03" to 2L, "U04" to 0L)
                rows[0].get("User") shouldBeSameInstanceAs s.get(User::class.java, (rows[0].get(0) as User).id)
                s.scalars<User>(select(f.users).where(name.eq("U07"))).one().email shouldBe "u7@x"
                s.scalars<User>(select(f.users).where(name.eq("nobody"))).oneOrNull().shouldBeNull()
                s.scalars<User>(select(f.users).where(name.eq("nobody"))).first().shouldBeNull()
                shouldThrow<MultipleResultsFound> { s.scalars<User>(select(f.users)).one() }
                s.execute(select(f.users).where(name.eq("U09"))).scalarOneOrNull<User>()!!.name shouldBe "U09"
                val page = s.paginate<User>(select(f.users).orderBy(name), 3, 10)
                page.total shouldBe 25L
                page.totalPages() shouldBe 3
                page.items.map { it.name } shouldContainExactly (21..25).map { "U%02d".format(it) }
                page.hasNext() shouldBe false
                s.execute(select(name, f.users.column<String>("email")).where(name.eq("U01"))).into(NameAndEmail::class.java).one() shouldBe
                    NameAndEmail("U01", "u1@x")
            }
        }
    }

    test("bulk insert with RETURNING gives persistent objects; bulk update/delete keep the session in step") {
        fixture { f ->
            f.session { s ->
                val created = s.bulkInsertReturning(User::class.java, (1..600).map {
                    mapOf("email" to "b$it@x", "name" to "B$it", "createdAt" to Instant.EPOCH, "role" to Role.MEMBER)
                })
                created shouldHaveSize 600
                created.first().name shouldBe "B1"
                created.last().id shouldBe created.first().id!! + 599
                s.state(created[0]) shouldBe EntityState.PERSISTENT
                s.bulkInsert(Tag::class.java, listOf(mapOf("label" to "x"), mapOf("label" to "y"))) shouldBe 2L
                val name = f.users.column<String>("name")
                s.execute(update(f.users.table()).set(name, "renamed").where(f.users.column<Long>("id").le(created[9].id))).rowCount() shouldBe 10L
                created[0].name shouldBe "renamed"
                created[10].name shouldBe "B11"
                s.execute(delete(f.users.table()).where(name.eq("renamed"))).rowCount() shouldBe 10L
                s.contains(created[0]) shouldBe false
                s.commit()
                s.scalar<Long>(select(count()).from(f.users)) shouldBe 590L
            }
        }
    }

    test("bulk insert rows that set different properties are inserted in order, each row with what it sets") {
        fixture { f ->
            f.session { s ->
                val base = mapOf("createdAt" to Instant.EPOCH, "role" to Role.MEMBER)
                val created = s.bulkInsertReturning(User::class.java, listOf(
                    base + mapOf("email" to "h1@x", "name" to "H1"),
                    base + mapOf("email" to "h2@x", "name" to "H2", "bio" to "second"),
                    base + mapOf("email" to "h3@x", "name" to "H3", "bio" to "third"),
                    base + mapOf("email" to "h4@x", "name" to "H4"),
                ))
                created.map { it.email } shouldBe listOf("h1@x", "h2@x", "h3@x", "h4@x")
                s.commit()
                s.connection().executeDriverSql("SELECT email, bio FROM users ORDER BY id").all().map { it.get(0) to it.get(1) } shouldBe
                    listOf("h1@x" to null, "h2@x" to "second", "h3@x" to "third", "h4@x" to null)
            }
        }
    }

    test("a hybrid property works on objects and in SQL") {
        fixture { f ->
            val display = Hybrid.of(f.registry, User::class.java, { u: User -> "${u.name} <${u.email}>" }) { m ->
                m.column<String>("name").concat(" <").concat(m.column<String>("email")).concat(">")
            }
            f.session { s ->
                val u = User("a@x", "Ann").also { s.add(it) }
                display.get(u) shouldBe "Ann <a@x>"
                s.scalar<String>(select(display.expression()).where(display.expression().like("Ann%"))) shouldBe "Ann <a@x>"
                s.scalars<User>(select(f.users).where(display.expression().eq("Ann <a@x>"))).one() shouldBeSameInstanceAs u
            }
        }
    }

    test("mapped classes work where tables do: createAll, joins, subqueries") {
        fixture { f ->
            f.session { s ->
                val u = User("a@x", "A").also { s.add(it) }
                s.flush()
                s.add(Post(u.id!!, "hello"))
                s.flush()
                val perUser = select(f.posts.column<Long>("user_id"), count().label("n")).groupBy(f.posts.column<Long>("user_id")).subquery("pu")
                s.execute(select(f.users.column<String>("name"), perUser.column<Long>("n")).join(perUser, perUser.column<Long>("user_id").eq(f.users.column("id"))))
                    .one().values() shouldContainExactly listOf("A", 1L)
                s.execute(select(f.posts.column<String>("title")).join(f.users)).scalars<String>().all() shouldContainExactly listOf("hello")
            }
        }
    }

    test("transferFunds moves balance atomically; a failing transfer changes nothing") {
        fixture { f ->
            val (a, b) = f.session { s ->
                val a = Account("ann", Money(100))
                val b = Account("bob", Money(0))
                s.addAll(listOf(a, b))
                s.commit()
                a.id!! to b.id!!
            }
            transferFunds(f.sessions, a, b, 30)
            shouldThrow<IllegalArgumentException> { transferFunds(f.sessions, a, b, 500) }.message shouldContain "insufficient funds"
            f.session { s ->
                s.get(Account::class.java, a)!!.balance shouldBe Money(70)
                s.get(Account::class.java, b)!!.balance shouldBe Money(30)
            }
        }
    }

    test("loading 10,000 rows as entities and flushing 10,000 new ones") {
        fixture { f ->
            val added = (1..10_000).map { User("bulk$it@x", "n$it") }
            f.session { s ->
                s.addAll(added)
                s.commit()
            }
            // every generated key went to its own object (several rows share each INSERT)
            val stored = f.session { s ->
                s.execute(select(f.users.column<Long>("id"), f.users.column<String>("email"))).all().associate { it.get(0) as Long to it.get(1) as String }
            }
            added.forEach { stored[it.id] shouldBe it.email }
            f.session { s ->
                val all = s.scalars<User>(select(f.users).orderBy(f.users.column<Long>("id"))).all()
                all shouldHaveSize 10_000
                all.last().email shouldBe "bulk10000@x"
                all.forEach { it.name = it.name.uppercase() }
                s.commit()
            }
            f.session { s ->
                val names = s.scalars<String>(select(f.users.column<String>("name"))).all()
                names shouldHaveSize 10_000
                names.filter { it != it.uppercase() }.shouldBeEmpty()
            }
        }
    }
})

/** A read-only query result. */
data class NameAndEmail(val name: String, val email: String)

class MemoryOrmSpec : OrmContract(Backend.memory)

class FileOrmSpec : OrmContract(Backend.file)

class PostgresOrmSpec : OrmContract(Backend.postgres)
