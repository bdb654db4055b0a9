package io.kalchemy.examples

import io.kalchemy.coroutines.Database
import io.kalchemy.coroutines.asc
import io.kalchemy.coroutines.count
import io.kalchemy.coroutines.desc
import io.kalchemy.coroutines.eq
import io.kalchemy.coroutines.inList
import io.kalchemy.coroutines.select
import io.kalchemy.coroutines.selectRows
import io.kalchemy.coroutines.sum
import io.kalchemy.orm.Entity
import io.kalchemy.orm.Id
import io.kalchemy.orm.MappedColumn
import io.kalchemy.orm.References
import io.kalchemy.orm.Version
import io.kalchemy.schema.ReferentialAction
import java.nio.file.Files
import java.nio.file.Path
import java.time.Instant
import kotlin.random.Random
import kotlinx.coroutines.async
import kotlinx.coroutines.awaitAll
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.flow.count
import kotlinx.coroutines.runBlocking

/** What a user may do in the example service. */
enum class Role { ADMIN, MEMBER }

@Entity("users")
class User(
    @MappedColumn(unique = true, length = 100) var email: String,
    var name: String,
    var role: Role = Role.MEMBER,
    var createdAt: Instant = Instant.now(),
) {
    @Id var id: Long? = null
}

@Entity("posts")
class Post(@References(User::class, onDelete = ReferentialAction.CASCADE) var userId: Long, var title: String) {
    @Id var id: Long? = null
}

@Entity("accounts")
class Account(@References(User::class) var ownerId: Long, var balanceCents: Long) {
    @Id var id: Long? = null
    @Version var version: Long? = null
}

/** What the example did, for its spec to check. */
data class ServiceSummary(val users: Long, val posts: Long, val pageNames: List<String>, val streamed: Int, val totalCents: Long)

/**
 * Moves [cents] between two accounts in one write transaction; refuses to overdraw. The rows are
 * read FOR UPDATE, in id order: on PostgreSQL, where transfers run concurrently, no other
 * transfer can change them before this one commits, and two transfers never wait for each other
 * in a cycle. (On SQLite the single writer gives that already; the same code runs on both.)
 */
suspend fun Database.transferFunds(from: Long, to: Long, cents: Long): Boolean = transaction {
    val locked = select<Account>().where(Account::id inList listOf(from, to)).orderBy(Account::id).forUpdate().list()
    val a = locked.single { it.id == from }
    val b = locked.single { it.id == to }
    if (a.balanceCents < cents) return@transaction false
    a.balanceCents -= cents
    b.balanceCents += cents
    true
}

/**
 * The seeds' users/posts/roles service, end to end, on the database at [url]: a SQLite file
 * (`jdbc:sqlite:service.db`) or PostgreSQL (`jdbc:postgresql://host/db?user=...`), the same code.
 * Its tables are dropped and created anew.
 */
suspend fun runServiceExample(url: String, print: (String) -> Unit = ::println): ServiceSummary {
    val db = Database.open(url) { readers = 4; poolSize = 8 }
    try {
        db.dropAll(User::class, Post::class, Account::class)
        db.createAll(User::class, Post::class, Account::class)

        // create users and their posts
        val users = db.transaction {
            val created = (1..50).map { i ->
                User("user$i@example.com", "User %02d".format(i), if (i == 1) Role.ADMIN else Role.MEMBER).also { add(it) }
            }
            flush() // ids are assigned here
            created.forEachIndexed { i, u -> repeat(i % 4) { n -> add(Post(u.id!!, "Post $n by ${u.name}")) } }
            created.forEach { add(Account(it.id!!, 10_000)) }
            created
        }
        print("created ${users.size} users; admin is ${users.first().name}")

        val summary = db.read {
            val page = select<User>().orderBy(User::name).page(page = 2, size = 10)
            print("page 2 of ${page.totalPages()}: ${page.items.joinToString { it.name }}")
            val busiest = selectRows(User::name, count(Post::id))
                .leftJoin(Post::class).groupBy(User::id).orderBy(count(Post::id).desc(), User::name.asc()).limit(3).list()
            print("most posts: " + busiest.joinToString { "${it.get(0)} (${it.get(1)})" })
            val admins = select<User>().where(User::role eq Role.ADMIN).list()
            print("admins: ${admins.joinToString { it.email }}")
            Triple(select<User>().count(), select<Post>().count(), page.items.map { it.name })
        }

        // stream every user as a Flow, read from the cursor as it is collected
        val streamed = db.stream(select<User>(), yieldPer = 16).count()
        print("streamed $streamed users")

        // transfer funds concurrently; the total must not change
        val accounts = db.read { select(Account::id).list().map { it!! } }
        val random = Random(42)
        val moves = List(400) { Triple(accounts.random(random), accounts.random(random), random.nextLong(1, 3_000)) }
        val done = coroutineScope { moves.map { (a, b, c) -> async { a != b && db.transferFunds(a, b, c) } }.awaitAll() }
        val total = db.read { scalar<Long>(io.kalchemy.sql.Sql.select(sum(Account::balanceCents))) } ?: 0
        print("${done.count { it }} of ${moves.size} transfers done; total balance ${total / 100}.${"%02d".format(total % 100)} (started at ${accounts.size * 100}.00)")
        return ServiceSummary(summary.first, summary.second, summary.third, streamed, total)
    } finally {
        db.shutdown()
    }
}


/**
 * The README's first command runs this against `target/kalchemy-service.db`; given a JDBC URL
 * (`-Dexec.args=jdbc:postgresql://...`) it runs against that database instead.
 */
fun main(args: Array<String>) = runBlocking {
    val target = args.firstOrNull() ?: "target/kalchemy-service.db"
    val url = if (target.startsWith("jdbc:")) target else {
        val file = Path.of(target).toAbsolutePath()
        Files.createDirectories(file.parent)
        "jdbc:sqlite:$file"
    }
    runServiceExample(url)
    Unit
}
