package io.kalchemy.examples.readme.json

import io.kalchemy.coroutines.Database
import io.kalchemy.coroutines.count
import io.kalchemy.coroutines.eq
import io.kalchemy.coroutines.select
import io.kalchemy.coroutines.selectRows
import io.kalchemy.examples.readme.README_URL
import io.kalchemy.json.Json
import io.kalchemy.json.decodeAs
import io.kalchemy.json.decodeStream
import io.kalchemy.json.json
import io.kalchemy.json.toDto
import io.kalchemy.json.toEntity
import io.kalchemy.orm.Entity
import io.kalchemy.orm.Id
import io.kalchemy.orm.References
import kotlinx.serialization.Serializable

@Serializable data class Settings(val theme: String, val notifications: Boolean = true)
@Serializable data class UserResponse(val id: Long, val email: String, val postCount: Long, val nickname: String? = null)
@Serializable data class UserCreate(val email: String, val name: String)
@Serializable data class UserSummary(val id: Long?, val email: String, val settings: Settings)   // fields the entity has

@Entity("users")
class User(var email: String, var name: String) {
    @Id var id: Long? = null
    @Json var settings: Settings = Settings("light")     // stored as JSON text
}

@Entity("posts")
class Post(@References(User::class) var userId: Long, var title: String) {
    @Id var id: Long? = null
}

suspend fun main() {
    val db = Database.open(README_URL)
    db.createAll(User::class, Post::class)
    val ann = db.transaction { UserCreate("ann@example.com", "Ann").toEntity<User, UserCreate>().also { add(it) } }  // DTO -> entity
    db.transaction { add(Post(ann.id!!, "Hello")); getOne<User>(ann.id!!).settings = Settings("dark") }
    db.read {
        val dark = select<User>().where(User::settings.json("theme") eq "dark").list()                    // json_extract, path bound
        val counts = selectRows(User::id, User::email, count(Post::id).label("postCount"))
            .leftJoin(Post::class).groupBy(User::id).decodeAs<UserResponse>()                              // rows -> @Serializable
        println("dark=${dark.size} $counts")
    }
    db.decodeStream<UserResponse>(selectRows(User::id, User::email, count(Post::id).label("postCount"))
        .leftJoin(Post::class).groupBy(User::id)).collect { println("streamed $it") }                      // Flow<Dto>
    val dto = db.read { getOne<User>(ann.id!!).toDto<UserSummary>() }   // entity -> DTO (every DTO field needs a property of that name, or a default)
    println(dto)
    db.shutdown()
}
