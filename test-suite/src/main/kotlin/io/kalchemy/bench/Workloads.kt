package io.kalchemy.bench

import io.kalchemy.coroutines.Database
import io.kalchemy.coroutines.options
import io.kalchemy.coroutines.selectinLoad
import io.kalchemy.coroutines.select
import io.kalchemy.coroutines.selectRows
import java.nio.file.Files
import java.nio.file.Path
import java.time.Instant
import kotlin.random.Random
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.launch

/**
 * One benchmark workload of docs/DESIGN.md, implemented idiomatically with Kalchemy's Kotlin
 * API, with the ORMs of [Peer] where [hasPeers], and by hand with raw JDBC (sqlite-jdbc, or pgjdbc on PostgreSQL: see [BenchBackend]). [prepare] builds the data (not timed); the implementations do the
 * timed work and return a checksum that [verify] checks, so a broken run cannot report a time.
 */
abstract class Workload(val name: String, val scale: Double, private val dir: Path) {
    /** The heap the fresh JVM running this workload gets, or null for the default. */
    open val maxHeap: String? = null

    protected fun size(full: Int): Int = maxOf(1, (full * scale).toInt())

    private var shared: String? = null

    /** Opens Kalchemy's database at [url], runs [block] with it and closes it, even on failure. */
    protected suspend fun <R> openedDatabase(url: String, groupCommit: Boolean = false, block: suspend (Database) -> R): R {
        val db = Database.open(url) {
            BenchBackend.key?.takeIf { url.startsWith("jdbc:sqlite:") }?.let { encryption = io.kalchemy.coroutines.SqlCipher(it) }
            this.groupCommit = groupCommit
        }
        try {
            return block(db)
        } finally {
            db.shutdown()
        }
    }

    /** True when the workloads run on PostgreSQL (see [BenchBackend]); the raw code then reads `timestamptz`. */
    protected val postgres: Boolean = BenchBackend.isPostgres

    /** A fresh empty database with the schema. */
    protected fun freshDatabase(iteration: Int): String {
        val url = BenchBackend.newDatabase("$name-$iteration", dir)
        RawJdbc.connect(url).use { RawJdbc.createSchema(it) }
        return url
    }

    /** A database populated once per JVM with [users] users and [postsPerUser] posts each. */
    protected fun populatedDatabase(users: Int, postsPerUser: Int): String {
        shared?.let { return it }
        val url = BenchBackend.newDatabase("$name-shared", dir)
        RawJdbc.populate(url, users, postsPerUser)
        shared = url
        return url
    }

    /** Prepares iteration [iteration]; returns the database URL to run on. */
    abstract fun prepare(iteration: Int): String

    /** The Kalchemy implementation. */
    abstract suspend fun kalchemy(url: String, iteration: Int): Long

    /** The raw sqlite-jdbc implementation. */
    abstract fun jdbc(url: String, iteration: Int): Long

    /** [peer]'s implementation (see [Peer]), where [hasPeers]. */
    internal open fun peer(peer: Peer, url: String, iteration: Int): Long = throw UnsupportedOperationException("$name has no peer implementation")

    /** True when this workload has peer implementations on the current backend (W1–W5 on SQLite). */
    open val hasPeers: Boolean get() = false

    /** Throws when [checksum] (and the database afterwards) is not what the work must produce. */
    abstract fun verify(impl: String, url: String, iteration: Int, checksum: Long)

    /** Transactions (or rows) per timed run, for throughput; 0 when not meaningful. */
    open val operations: Int = 0

    protected fun check(condition: Boolean, message: () -> String) {
        if (!condition) throw AssertionError("$name: ${message()}")
    }

    protected fun count(url: String, sql: String): Long =
        RawJdbc.connect(url).use { c -> c.createStatement().use { st -> st.executeQuery(sql).use { rs -> rs.next(); rs.getLong(1) } } }

    companion object {
        val NAMES = listOf("W1", "W2", "W3", "W4", "W5", "W5r", "W6", "W6g")
        private val CREATED: Instant = Instant.parse("2024-01-01T00:00:00Z")

        fun create(name: String, scale: Double, dir: Path): Workload {
            Files.createDirectories(dir)
            return when (name) {
                "W1" -> InsertUsers(scale, dir)
                "W2" -> FetchByKey(scale, dir)
                "W3" -> DirtyUpdate(scale, dir)
                "W4" -> UsersWithPosts(scale, dir)
                "W5" -> StreamRows(scale, dir)
                "W5r" -> StreamPlainRows(scale, dir)
                "W6" -> ConcurrentWrites(scale, dir)
                "W6g" -> ConcurrentWrites(scale, dir, groupCommit = true)
                else -> throw IllegalArgumentException("unknown workload $name; known: $NAMES")
            }
        }

        internal fun created() = CREATED
    }
}

/** W1: insert 100,000 users in one transaction, every generated id read back (Kalchemy into each entity, raw JDBC by RETURNING). */
class InsertUsers(scale: Double, dir: Path) : Workload("W1", scale, dir) {
    private val n = size(100_000)

    override fun prepare(iteration: Int) = freshDatabase(iteration)

    override suspend fun kalchemy(url: String, iteration: Int): Long = openedDatabase(url) { db ->
        db.transaction {
            val users = (1..n).map { BenchUser("user$it@example.com", "User $it", Workload.created()) }
            users.forEach { add(it) }
            flush()
            users.sumOf { it.id!! }
        }
    }

    override fun jdbc(url: String, iteration: Int): Long = RawJdbc.connect(url).use { c ->
        c.autoCommit = false
        val created = RawJdbc.instantParameter(url, Workload.created())
        // the same work as Kalchemy's: every generated id read back, by multi-row INSERT ... RETURNING
        // in chunks (sqlite-jdbc's executeBatch returns no generated keys), each chunk's statement prepared once
        val ids = LongArray(n)
        var done = 0
        val statements = HashMap<Int, java.sql.PreparedStatement>()
        try {
            while (done < n) {
                val rows = minOf(RAW_CHUNK, n - done)
                val ps = statements.getOrPut(rows) {
                    c.prepareStatement("INSERT INTO bench_users (email, name, created_at) VALUES " +
                        List(rows) { "(?, ?, ?)" }.joinToString(", ") + " RETURNING id")
                }
                for (r in 0 until rows) {
                    val i = done + r + 1
                    ps.setString(3 * r + 1, "user$i@example.com")
                    ps.setString(3 * r + 2, "User $i")
                    ps.setObject(3 * r + 3, created)
                }
                ps.executeQuery().use { rs ->
                    var k = done
                    while (rs.next()) ids[k++] = rs.getLong(1)
                    check(k == done + rows) { "RETURNING gave ${k - done} ids for $rows rows" }
                }
                done += rows
            }
        } finally {
            statements.values.forEach { it.close() }
        }
        c.commit()
        ids.sum()
    }

    override val hasPeers get() = !postgres
    override fun peer(peer: Peer, url: String, iteration: Int): Long = peer.insertUsers(url, n)

    override fun verify(impl: String, url: String, iteration: Int, checksum: Long) {
        // both read every generated id back: on a fresh table they are 1..n
        check(checksum == n.toLong() * (n + 1) / 2) { "$impl checksum $checksum, expected the sum of ids 1..$n" }
        check(count(url, "SELECT count(*) FROM bench_users") == n.toLong()) { "row count is not $n" }
    }

    private companion object {
        /** Rows per raw INSERT: 3,000 parameters, well under SQLite's and PostgreSQL's bind limits. */
        const val RAW_CHUNK = 1_000
    }
}

/** W2: fetch 20,000 distinct users by primary key. */
class FetchByKey(scale: Double, dir: Path) : Workload("W2", scale, dir) {
    private val n = size(20_000)
    private val ids = (1..n.toLong()).shuffled(Random(7))

    override fun prepare(iteration: Int) = populatedDatabase(n, 0)

    override suspend fun kalchemy(url: String, iteration: Int): Long = openedDatabase(url) { db ->
        db.read {
            var sum = 0L
            for (id in ids) sum += get<BenchUser>(id)!!.email.length
            sum
        }
    }

    override fun jdbc(url: String, iteration: Int): Long = RawJdbc.connect(url).use { c ->
        var sum = 0L
        c.prepareStatement("SELECT id, email, name, created_at FROM bench_users WHERE id = ?").use { ps ->
            for (id in ids) {
                ps.setLong(1, id)
                ps.executeQuery().use { rs ->
                    rs.next()
                    val u = RawJdbc.user(rs, postgres)
                    sum += u.email.length
                }
            }
        }
        sum
    }

    override val hasPeers get() = !postgres
    override fun peer(peer: Peer, url: String, iteration: Int): Long = peer.fetchByKey(url, ids)

    override fun verify(impl: String, url: String, iteration: Int, checksum: Long) {
        val expected = (1..n).sumOf { "user$it@example.com".length.toLong() }
        check(checksum == expected) { "$impl checksum $checksum, expected $expected" }
    }
}

/** W3: load 10,000 users, change each name, commit (dirty checking). */
class DirtyUpdate(scale: Double, dir: Path) : Workload("W3", scale, dir) {
    private val n = size(10_000)

    override fun prepare(iteration: Int) = populatedDatabase(n, 0)

    override suspend fun kalchemy(url: String, iteration: Int): Long = openedDatabase(url) { db ->
        db.transaction {
            val users = select<BenchUser>().list()
            users.forEach { it.name = "Name $iteration ${it.id}" }
            users.size.toLong()
        }
    }

    override fun jdbc(url: String, iteration: Int): Long = RawJdbc.connect(url).use { c ->
        c.autoCommit = false
        val users = ArrayList<RawUser>(n)
        c.prepareStatement("SELECT id, email, name, created_at FROM bench_users").use { ps ->
            ps.executeQuery().use { rs ->
                while (rs.next()) users += RawJdbc.user(rs, postgres)
            }
        }
        users.forEach { it.name = "Name $iteration ${it.id}" }
        c.prepareStatement("UPDATE bench_users SET name = ? WHERE id = ?").use { ps ->
            for (u in users) {
                ps.setString(1, u.name)
                ps.setLong(2, u.id)
                ps.addBatch()
            }
            ps.executeBatch()
        }
        c.commit()
        users.size.toLong()
    }

    override val hasPeers get() = !postgres
    override fun peer(peer: Peer, url: String, iteration: Int): Long = peer.dirtyUpdate(url, iteration)

    override fun verify(impl: String, url: String, iteration: Int, checksum: Long) {
        check(checksum == n.toLong()) { "$impl changed $checksum users, expected $n" }
        check(count(url, "SELECT count(*) FROM bench_users WHERE name = 'Name $iteration ' || id") == n.toLong()) {
            "$impl: not every name was written in iteration $iteration"
        }
    }
}

/** W4: load 1,000 users with their 10 posts each, eagerly. */
class UsersWithPosts(scale: Double, dir: Path) : Workload("W4", scale, dir) {
    private val n = size(1_000)

    override fun prepare(iteration: Int) = populatedDatabase(n, 10)

    override suspend fun kalchemy(url: String, iteration: Int): Long = openedDatabase(url) { db ->
        db.read {
            val users = select<BenchUser>().options(selectinLoad(BenchUser::posts)).list()
            users.sumOf { it.posts.size.toLong() }
        }
    }

    override fun jdbc(url: String, iteration: Int): Long = RawJdbc.connect(url).use { c ->
        val users = ArrayList<RawUser>(n)
        c.prepareStatement("SELECT id, email, name, created_at FROM bench_users").use { ps ->
            ps.executeQuery().use { rs ->
                while (rs.next()) users += RawJdbc.user(rs, postgres)
            }
        }
        val marks = users.joinToString(", ") { "?" }
        val posts = HashMap<Long, MutableList<RawPost>>()
        c.prepareStatement("SELECT id, user_id, title, body FROM bench_posts WHERE user_id IN ($marks)").use { ps ->
            users.forEachIndexed { i, u -> ps.setLong(i + 1, u.id) }
            ps.executeQuery().use { rs ->
                while (rs.next()) {
                    val p = RawPost(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4))
                    posts.getOrPut(p.userId) { ArrayList() } += p
                }
            }
        }
        users.sumOf { (posts[it.id]?.size ?: 0).toLong() }
    }

    override val hasPeers get() = !postgres
    override fun peer(peer: Peer, url: String, iteration: Int): Long = peer.usersWithPosts(url)

    override fun verify(impl: String, url: String, iteration: Int, checksum: Long) {
        check(checksum == n * 10L) { "$impl loaded $checksum posts, expected ${n * 10}" }
    }
}

/** W5: stream 1,000,000 rows as entities in a 128 MB heap. */
open class StreamRows(scale: Double, dir: Path, name: String = "W5") : Workload(name, scale, dir) {
    protected val n = size(1_000_000)
    override val maxHeap = "128m"

    override fun prepare(iteration: Int) = populatedDatabase(n, 0)

    override suspend fun kalchemy(url: String, iteration: Int): Long = openedDatabase(url) { db ->
        var sum = 0L
        db.stream(select<BenchUser>(), yieldPer = 1000).collect { sum += it.id!! + it.email.length }
        sum
    }

    override fun jdbc(url: String, iteration: Int): Long = RawJdbc.connect(url).use { c ->
        var sum = 0L
        c.autoCommit = false // pgjdbc reads a fetch size's worth at a time only inside a transaction
        c.prepareStatement("SELECT id, email, name, created_at FROM bench_users").use { ps ->
            ps.fetchSize = 1000
            ps.executeQuery().use { rs ->
                while (rs.next()) {
                    val u = RawJdbc.user(rs, postgres)
                    sum += u.id + u.email.length
                }
            }
        }
        sum
    }

    override val hasPeers get() = !postgres
    override fun peer(peer: Peer, url: String, iteration: Int): Long = peer.streamRows(url)

    override fun verify(impl: String, url: String, iteration: Int, checksum: Long) {
        val expected = (1..n).sumOf { it.toLong() + "user$it@example.com".length }
        check(checksum == expected) { "$impl checksum $checksum, expected $expected" }
    }
}

/**
 * W5r: W5 with Kalchemy reading plain rows (`selectRows` of the four properties, no identity map)
 * into the raw reference's row objects: the like-for-like of the peers' W5, which read Exposed's and
 * Ktorm's DSL rows. Raw JDBC and the peers do exactly what they do in W5.
 */
class StreamPlainRows(scale: Double, dir: Path) : StreamRows(scale, dir, "W5r") {
    override suspend fun kalchemy(url: String, iteration: Int): Long = openedDatabase(url) { db ->
        var sum = 0L
        db.stream(selectRows(BenchUser::id, BenchUser::email, BenchUser::name, BenchUser::createdAt), yieldPer = 1000).collect { r ->
            val u = RawUser(r[0] as Long, r[1] as String, r[2] as String, r[3] as Instant)
            sum += u.id + u.email.length
        }
        sum
    }
}

/**
 * W6: 4 concurrent workers, 2,000 one-row write transactions each; reported as transactions per
 * second. W6g: the same with `groupCommit = true` (off by default: DatabaseConfig says what it
 * costs), against the same raw reference.
 */
class ConcurrentWrites(scale: Double, dir: Path, private val groupCommit: Boolean = false) :
    Workload(if (groupCommit) "W6g" else "W6", scale, dir) {
    private val perWorker = size(2_000)
    override val operations = 4 * perWorker

    override fun prepare(iteration: Int) = freshDatabase(iteration)

    override suspend fun kalchemy(url: String, iteration: Int): Long = openedDatabase(url, groupCommit) { db ->
        coroutineScope {
            repeat(4) { w ->
                launch(Dispatchers.Default) {
                    repeat(perWorker) { i -> db.transaction { add(BenchUser("w$w-$i@example.com", "W$w $i", Workload.created())) } }
                }
            }
        }
        operations.toLong()
    }

    override fun jdbc(url: String, iteration: Int): Long {
        val created = RawJdbc.instantParameter(url, Workload.created())
        val threads = (0 until 4).map { w ->
            Thread {
                RawJdbc.connect(url).use { c ->
                    c.autoCommit = false
                    c.prepareStatement("INSERT INTO bench_users (email, name, created_at) VALUES (?, ?, ?)").use { ps ->
                        repeat(perWorker) { i ->
                            ps.setString(1, "w$w-$i@example.com")
                            ps.setString(2, "W$w $i")
                            ps.setObject(3, created)
                            ps.executeUpdate()
                            c.commit()
                        }
                    }
                }
            }
        }
        val failures = java.util.concurrent.ConcurrentLinkedQueue<Throwable>()
        threads.forEach { t -> t.setUncaughtExceptionHandler { _, e -> failures += e }; t.start() }
        threads.forEach { it.join() }
        failures.firstOrNull()?.let { throw it }
        return operations.toLong()
    }

    override fun verify(impl: String, url: String, iteration: Int, checksum: Long) {
        check(count(url, "SELECT count(*) FROM bench_users") == operations.toLong()) { "$impl did not commit all $operations transactions" }
    }
}
