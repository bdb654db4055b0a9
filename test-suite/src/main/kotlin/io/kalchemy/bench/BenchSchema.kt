package io.kalchemy.bench

import io.kalchemy.orm.Entity
import io.kalchemy.orm.Id
import io.kalchemy.orm.ManyToOne
import io.kalchemy.orm.MappedColumn
import io.kalchemy.orm.OneToMany
import io.kalchemy.orm.References
import java.time.Instant

/** users(id, email unique, name, created_at) of the benchmark schema (docs/DESIGN.md). */
@Entity("bench_users")
class BenchUser(@MappedColumn(unique = true) var email: String, var name: String, var createdAt: Instant) {
    @Id var id: Long? = null

    /** Not loaded unless a query asks (raise by default), so W1–W3, W5 and W6 never touch it. */
    @OneToMany(mappedBy = "user") var posts: MutableList<BenchPost> = mutableListOf()
}

/** posts(id, user_id → users, title, body). */
@Entity("bench_posts")
class BenchPost(@References(BenchUser::class) var userId: Long, var title: String, var body: String) {
    @Id var id: Long? = null

    /** Loaded with posts (many-to-one default); W4's users are already in the session, so no query. */
    @ManyToOne(foreignKey = "userId") var user: BenchUser? = null
}

/** The hand-written reference's row objects: the same fields, filled by hand from JDBC. */
data class RawUser(val id: Long, val email: String, var name: String, val createdAt: Instant)

/** A raw post row. */
data class RawPost(val id: Long, val userId: Long, val title: String, val body: String)

internal const val DDL_USERS = "CREATE TABLE IF NOT EXISTS bench_users (email TEXT NOT NULL UNIQUE, name TEXT NOT NULL, " +
    "created_at DATETIME NOT NULL, id INTEGER NOT NULL, PRIMARY KEY (id))"
internal const val DDL_POSTS = "CREATE TABLE IF NOT EXISTS bench_posts (user_id INTEGER NOT NULL, title TEXT NOT NULL, " +
    "body TEXT NOT NULL, id INTEGER NOT NULL, PRIMARY KEY (id), FOREIGN KEY (user_id) REFERENCES bench_users (id))"
internal const val DDL_POSTS_INDEX = "CREATE INDEX IF NOT EXISTS ix_bench_posts_user_id ON bench_posts (user_id)"
