package io.kalchemy.engine

import io.kalchemy.schema.Column
import io.kalchemy.schema.MetaData
import io.kalchemy.schema.ReferentialAction
import io.kalchemy.schema.Table
import io.kalchemy.types.SqlTypes
import java.math.BigDecimal
import java.nio.file.Files
import java.nio.file.Path
import java.time.Instant

/** The canonical fixture domain shared by the Core specs: users, posts, accounts. */
class Domain {
    val metadata = MetaData()

    val users: Table = metadata.table("users")
    val userId: Column<Long> = users.column("id", SqlTypes.LONG).primaryKey()
    val email: Column<String> = users.column("email", SqlTypes.text(100)).notNull().unique()
    val name: Column<String> = users.column("name", SqlTypes.TEXT).notNull()
    val age: Column<Int> = users.column("age", SqlTypes.INTEGER)
    val createdAt: Column<Instant> = users.column("created_at", SqlTypes.INSTANT).notNull().defaultSupplier { Instant.now() }

    val posts: Table = metadata.table("posts")
    val postId: Column<Long> = posts.column("id", SqlTypes.LONG).primaryKey()
    val author: Column<Long> = posts.column("user_id", SqlTypes.LONG).notNull()
        .references(userId, ReferentialAction.CASCADE, ReferentialAction.NO_ACTION).index()
    val title: Column<String> = posts.column("title", SqlTypes.TEXT).notNull()
    val likes: Column<Int> = posts.column("likes", SqlTypes.INTEGER).notNull().serverDefault("0")

    val accounts: Table = metadata.table("accounts")
    val accountId: Column<Long> = accounts.column("id", SqlTypes.LONG).primaryKey()
    val owner: Column<Long> = accounts.column("owner_id", SqlTypes.LONG).references(userId)
    val balance: Column<BigDecimal> = accounts.column("balance", SqlTypes.DECIMAL).notNull()

    init {
        accounts.check("balance_not_negative", "CAST(balance AS REAL) >= 0")
    }
}

/** How a backend spec gets a fresh, empty database: SQLite in memory or a WAL file, or a PostgreSQL database. */
fun interface Backend {
    fun open(options: EngineOptions): Engine

    companion object {
        val memory = Backend { options -> Engine.create("jdbc:sqlite::memory:", options) }
        val file = Backend { options ->
            val dir = Files.createTempDirectory("kalchemy-spec")
            Engine.create("jdbc:sqlite:" + dir.resolve("test.db"), options)
        }
        val postgres = Backend { options -> Engine.create(EmbeddedPostgresServer.freshDatabaseUrl(), options) }
    }
}

/** Runs [block] on a fresh engine, closing it afterwards. */
inline fun <R> Backend.withEngine(options: EngineOptions = EngineOptions(), block: (Engine) -> R): R {
    val engine = open(options)
    try {
        return block(engine)
    } finally {
        engine.close()
    }
}

/** A fresh temporary database file path (the file itself does not exist yet). */
fun tempDbFile(): Path = Files.createTempDirectory("kalchemy-spec").resolve("test.db")
