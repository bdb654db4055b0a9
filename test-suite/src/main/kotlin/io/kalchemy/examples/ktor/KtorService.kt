package io.kalchemy.examples.ktor

import io.kalchemy.coroutines.Database
import io.kalchemy.coroutines.eq
import io.kalchemy.coroutines.select
import io.kalchemy.errors.IntegrityError
import io.kalchemy.examples.Account
import io.kalchemy.examples.Post
import io.kalchemy.examples.User
import io.kalchemy.examples.transferFunds
import io.ktor.http.ContentType
import io.ktor.http.HttpStatusCode
import io.ktor.serialization.kotlinx.json.json
import io.ktor.server.application.Application
import io.ktor.server.application.ApplicationCall
import io.ktor.server.application.ApplicationStopped
import io.ktor.server.application.install
import io.ktor.server.cio.CIO
import io.ktor.server.engine.embeddedServer
import io.ktor.server.plugins.contentnegotiation.ContentNegotiation
import io.ktor.server.request.receive
import io.ktor.server.response.respond
import io.ktor.server.response.respondTextWriter
import io.ktor.server.routing.get
import io.ktor.server.routing.post
import io.ktor.server.routing.routing
import kotlinx.coroutines.runBlocking
import kotlinx.serialization.Serializable
import kotlinx.serialization.json.Json

@Serializable data class NewUser(val email: String, val name: String)
@Serializable data class UserView(val id: Long, val email: String, val name: String)
@Serializable data class NewPost(val title: String)
@Serializable data class PostView(val id: Long, val userId: Long, val title: String)
@Serializable data class NewAccount(val ownerId: Long, val balanceCents: Long)
@Serializable data class AccountView(val id: Long, val ownerId: Long, val balanceCents: Long)
@Serializable data class Transfer(val from: Long, val to: Long, val cents: Long)
@Serializable data class Problem(val error: String)
@Serializable data class Health(val database: String, val pingMicros: Long)

private fun User.view() = UserView(id!!, email, name)
private fun Post.view() = PostView(id!!, userId, title)
private fun Account.view() = AccountView(id!!, ownerId, balanceCents)

/** The `{name}` path parameter as a number, or null after answering 400. */
private suspend fun ApplicationCall.longParameter(name: String): Long? =
    parameters[name]?.toLongOrNull() ?: null.also { respond(HttpStatusCode.BadRequest, Problem("$name must be a number")) }

/**
 * A small JSON service on Kalchemy: users, their posts, accounts with transfers, a health check
 * and a streaming endpoint fed by a Flow. The [Database] at [url] is opened when the application
 * starts and closed when it stops (`ApplicationStopped`); every handler is a suspend function
 * that calls `transaction {}` or `read {}` directly, with no thread of its own blocked.
 */
fun Application.kalchemyService(url: String) {
    val db = Database.open(url) { readers = 4 }
    runBlocking { db.createAll(User::class, Post::class, Account::class) } // once, at start-up
    monitor.subscribe(ApplicationStopped) { db.close() } // blocks until running transactions end
    install(ContentNegotiation) { json() }
    routing {
        get("/health") {
            call.respond(Health("up", db.ping().inWholeMicroseconds))
        }
        post("/users") {
            val new = call.receive<NewUser>()
            try {
                val user = db.transaction { User(new.email, new.name).also { add(it) } }
                call.respond(HttpStatusCode.Created, user.view())
            } catch (e: IntegrityError) { // the UNIQUE email: the transaction was rolled back
                call.respond(HttpStatusCode.Conflict, Problem("a user with email ${new.email} exists"))
            }
        }
        get("/users") {
            val limit = call.request.queryParameters["limit"]?.toIntOrNull()?.coerceIn(1, 100) ?: 20
            val offset = call.request.queryParameters["offset"]?.toLongOrNull()?.coerceAtLeast(0) ?: 0
            call.respond(db.read { select<User>().orderBy(User::id).limit(limit).offset(offset).list().map { it.view() } })
        }
        get("/users/{id}") {
            val id = call.longParameter("id") ?: return@get
            val user = db.read { get<User>(id) }
            if (user == null) call.respond(HttpStatusCode.NotFound, Problem("no user $id")) else call.respond(user.view())
        }
        // one JSON object per line, written as rows arrive from a cursor: memory stays flat for any table size
        get("/users.ndjson") {
            call.respondTextWriter(ContentType.parse("application/x-ndjson")) {
                db.stream(select<User>().orderBy(User::id), yieldPer = 500).collect { user ->
                    write(Json.encodeToString(UserView.serializer(), user.view()))
                    write("\n")
                }
            }
        }
        post("/users/{id}/posts") {
            val id = call.longParameter("id") ?: return@post
            val new = call.receive<NewPost>()
            val post = db.transaction { if (get<User>(id) == null) null else Post(id, new.title).also { add(it) } }
            if (post == null) call.respond(HttpStatusCode.NotFound, Problem("no user $id")) else call.respond(HttpStatusCode.Created, post.view())
        }
        get("/users/{id}/posts") {
            val id = call.longParameter("id") ?: return@get
            call.respond(db.read { select<Post>().where(Post::userId eq id).orderBy(Post::id).list().map { it.view() } })
        }
        post("/accounts") {
            val new = call.receive<NewAccount>()
            val account = db.transaction { if (get<User>(new.ownerId) == null) null else Account(new.ownerId, new.balanceCents).also { add(it) } }
            if (account == null) call.respond(HttpStatusCode.NotFound, Problem("no user ${new.ownerId}")) else call.respond(HttpStatusCode.Created, account.view())
        }
        get("/accounts/{id}") {
            val id = call.longParameter("id") ?: return@get
            val account = db.read { get<Account>(id) }
            if (account == null) call.respond(HttpStatusCode.NotFound, Problem("no account $id")) else call.respond(account.view())
        }
        post("/transfers") {
            val t = call.receive<Transfer>()
            val exist = db.read { get<Account>(t.from) != null && get<Account>(t.to) != null }
            when {
                t.cents <= 0 || t.from == t.to -> call.respond(HttpStatusCode.BadRequest, Problem("a transfer moves a positive amount between two accounts"))
                !exist -> call.respond(HttpStatusCode.NotFound, Problem("no account ${t.from} or ${t.to}"))
                db.transferFunds(t.from, t.to, t.cents) -> call.respond(HttpStatusCode.OK, t)
                else -> call.respond(HttpStatusCode.Conflict, Problem("account ${t.from} has less than ${t.cents} cents"))
            }
        }
    }
}

/**
 * Runs the service on port 8080 (or `args[1]`) over the database at `args[0]` (default: the
 * SQLite file `target/ktor-service.db`; a `jdbc:postgresql://` URL works as well):
 * `mvn -B -q -Pexample -DskipTests package -Dexample.mainClass=io.kalchemy.examples.ktor.KtorServiceKt`,
 * then `curl -X POST localhost:8080/users -H 'Content-Type: application/json' -d '{"email":"ann@example.com","name":"Ann"}'`.
 */
fun main(args: Array<String>) {
    val url = args.getOrNull(0) ?: "jdbc:sqlite:target/ktor-service.db"
    val port = args.getOrNull(1)?.toInt() ?: 8080
    embeddedServer(CIO, port = port) { kalchemyService(url) }.start(wait = true)
}
