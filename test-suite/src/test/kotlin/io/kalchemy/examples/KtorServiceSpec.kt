package io.kalchemy.examples

import io.kalchemy.coroutines.Database
import io.kalchemy.coroutines.select
import io.kalchemy.examples.ktor.AccountView
import io.kalchemy.examples.ktor.PostView
import io.kalchemy.examples.ktor.UserView
import io.kalchemy.examples.ktor.kalchemyService
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldContainExactly
import io.kotest.matchers.longs.shouldBeGreaterThanOrEqual
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.ktor.client.HttpClient
import io.ktor.client.request.get
import io.ktor.client.request.post
import io.ktor.client.request.setBody
import io.ktor.client.statement.HttpResponse
import io.ktor.client.statement.bodyAsText
import io.ktor.http.ContentType
import io.ktor.http.HttpStatusCode
import io.ktor.http.contentType
import io.ktor.server.testing.testApplication
import kotlinx.coroutines.async
import kotlinx.coroutines.awaitAll
import kotlinx.coroutines.coroutineScope
import kotlinx.serialization.json.Json
import java.nio.file.Files

private suspend fun HttpClient.postJson(path: String, json: String): HttpResponse =
    post(path) { contentType(ContentType.Application.Json); setBody(json) }

private inline fun <reified T> decode(text: String): T = Json.decodeFromString(text)

/**
 * The Ktor service example (examples/ktor/KtorService.kt) over HTTP, through Ktor's test host, on
 * a SQLite file: every answer is checked, and what the service committed is read back from the
 * file after the application stopped and closed its database.
 */
class KtorServiceSpec : FunSpec({
    test("users, posts, accounts and transfers over HTTP; bad input gets 400/404/409 and changes nothing; the file keeps what was committed") {
        val file = Files.createTempDirectory("kalchemy-ktor").resolve("service.db")
        val url = "jdbc:sqlite:$file"
        testApplication {
            application { kalchemyService(url) }

            val ann = client.postJson("/users", """{"email":"ann@example.com","name":"Ann"}""").let { r ->
                r.status shouldBe HttpStatusCode.Created
                decode<UserView>(r.bodyAsText())
            }
            ann.email shouldBe "ann@example.com"
            val bob = decode<UserView>(client.postJson("/users", """{"email":"bob@example.com","name":"Bob"}""").bodyAsText())
            client.postJson("/users", """{"email":"ann@example.com","name":"Again"}""").let { r ->
                r.status shouldBe HttpStatusCode.Conflict
                r.bodyAsText() shouldContain "ann@example.com exists"
            }
            decode<UserView>(client.get("/users/${ann.id}").bodyAsText()) shouldBe ann
            client.get("/users/999").status shouldBe HttpStatusCode.NotFound
            client.get("/users/abc").status shouldBe HttpStatusCode.BadRequest
            decode<List<UserView>>(client.get("/users?limit=1&offset=1").bodyAsText()) shouldContainExactly listOf(bob)

            val post = decode<PostView>(client.postJson("/users/${ann.id}/posts", """{"title":"Hello"}""").bodyAsText())
            post.userId shouldBe ann.id
            client.postJson("/users/999/posts", """{"title":"Nobody"}""").status shouldBe HttpStatusCode.NotFound
            decode<List<PostView>>(client.get("/users/${ann.id}/posts").bodyAsText()).map { it.title } shouldContainExactly listOf("Hello")

            val a = decode<AccountView>(client.postJson("/accounts", """{"ownerId":${ann.id},"balanceCents":1000}""").bodyAsText())
            val b = decode<AccountView>(client.postJson("/accounts", """{"ownerId":${bob.id},"balanceCents":0}""").bodyAsText())
            client.postJson("/transfers", """{"from":${a.id},"to":${b.id},"cents":5000}""").status shouldBe HttpStatusCode.Conflict
            client.postJson("/transfers", """{"from":${a.id},"to":999,"cents":1}""").status shouldBe HttpStatusCode.NotFound
            client.postJson("/transfers", """{"from":${a.id},"to":${b.id},"cents":0}""").status shouldBe HttpStatusCode.BadRequest
            // 20 concurrent transfers of 10 cents each: all of them land, none is lost
            coroutineScope {
                (1..20).map { async { client.postJson("/transfers", """{"from":${a.id},"to":${b.id},"cents":10}""").status } }.awaitAll()
            }.toSet() shouldBe setOf(HttpStatusCode.OK)
            decode<AccountView>(client.get("/accounts/${a.id}").bodyAsText()).balanceCents shouldBe 800L
            decode<AccountView>(client.get("/accounts/${b.id}").bodyAsText()).balanceCents shouldBe 200L

            client.get("/health").bodyAsText().let { it shouldContain "\"database\":\"up\"" }
        }
        // the application stopped, closing its database; the file has exactly what was committed
        Database.open(url).use { db ->
            db.read { select<User>().orderBy(User::id).list().map { it.email } } shouldContainExactly listOf("ann@example.com", "bob@example.com")
            db.read { select<Account>().orderBy(Account::id).list().map { it.balanceCents } } shouldContainExactly listOf(800L, 200L)
            db.read { select<Post>().count() } shouldBe 1L
        }
    }

    test("the streaming endpoint writes one JSON object per user as the Flow delivers them") {
        val url = "jdbc:sqlite:" + Files.createTempDirectory("kalchemy-ktor").resolve("stream.db")
        Database.open(url).use { db ->
            db.createAll(User::class, Post::class, Account::class)
            db.transaction { (1..1_200).forEach { add(User("u$it@example.com", "User $it")) } }
        }
        testApplication {
            application { kalchemyService(url) }
            val response = client.get("/users.ndjson")
            response.status shouldBe HttpStatusCode.OK
            response.headers["Content-Type"]!! shouldContain "application/x-ndjson"
            val lines = response.bodyAsText().trimEnd().lines()
            lines.size shouldBe 1_200 // more than two cursor batches of 500
            lines.map { decode<UserView>(it).email } shouldContainExactly (1..1_200).map { "u$it@example.com" }
            decode<UserView>(lines.last()).id shouldBeGreaterThanOrEqual 1_200L
        }
    }
})
