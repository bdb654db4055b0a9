package io.kalchemy.coroutines

import io.kalchemy.orm.Entity
import io.kalchemy.orm.Id
import io.kalchemy.orm.MappedColumn
import io.kalchemy.orm.References
import io.kalchemy.orm.Version
import io.kalchemy.schema.ReferentialAction
import java.nio.file.Files
import java.time.Instant

@Entity("co_users")
class CoUser(
    @MappedColumn(unique = true, length = 100) var email: String,
    var name: String,
    var createdAt: Instant = Instant.now(),
) {
    @Id var id: Long? = null
    var bio: String? = null
}

@Entity("co_posts")
class CoPost(@References(CoUser::class, onDelete = ReferentialAction.CASCADE) var userId: Long, var title: String) {
    @Id var id: Long? = null
}

@Entity("co_counters")
class Counter(@Id var name: String, var value: Long)

@Entity("co_accounts")
class CoAccount(var owner: String, var balance: Long) {
    @Id var id: Long? = null
    @Version var version: Long? = null
}

/** Opens a database on a fresh file (or in memory), creates the domain's tables, runs [block], closes it. */
suspend fun <R> withDatabase(memory: Boolean = false, configure: DatabaseConfig.() -> Unit = {}, block: suspend (Database) -> R): R =
    withDatabaseAt(if (memory) "jdbc:sqlite::memory:" else "jdbc:sqlite:" + Files.createTempDirectory("kalchemy-co").resolve("db.sqlite"), configure, block)

/** As [withDatabase], on the database at [url]. */
suspend fun <R> withDatabaseAt(url: String, configure: DatabaseConfig.() -> Unit = {}, block: suspend (Database) -> R): R {
    val db = Database.open(url, configure)
    try {
        db.createAll(CoUser::class, CoPost::class, Counter::class, CoAccount::class)
        return block(db)
    } finally {
        db.shutdown()
    }
}
