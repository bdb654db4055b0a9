package io.kalchemy.coroutines

import io.kalchemy.orm.Entity
import io.kalchemy.orm.Id
import io.kalchemy.orm.Post
import io.kalchemy.orm.User
import io.kalchemy.orm.Version
import java.nio.file.Files

@Entity("co_counters")
class Counter(@Id var name: String, var value: Long)

@Entity("co_accounts")
class CoAccount(var owner: String, var balance: Long) {
    @Id var id: Long? = null
    @Version var version: Long? = null
}

/** Opens a database on a fresh file (or in memory), creates the domain's tables, runs [block], closes it. */
suspend fun <R> withDatabase(memory: Boolean = false, configure: DatabaseConfig.() -> Unit = {}, block: suspend (Database) -> R): R {
    val url = if (memory) "jdbc:sqlite::memory:" else "jdbc:sqlite:" + Files.createTempDirectory("kalchemy-co").resolve("db.sqlite")
    val db = Database.open(url, configure)
    try {
        db.createAll(User::class, Post::class, Counter::class, CoAccount::class)
        return block(db)
    } finally {
        db.close()
    }
}
