package io.kalchemy.coroutines

import io.kalchemy.orm.Column
import io.kalchemy.orm.ForeignKey
import io.kalchemy.orm.Id
import io.kalchemy.orm.Table
import io.kalchemy.orm.Version
import io.kalchemy.schema.ReferentialAction
import java.nio.file.Files
import java.time.Instant

@Table("co_users")
class CoUser(
    @Column(unique = true, length = 100) var email: String,
    var name: String,
    var createdAt: Instant = Instant.now(),
) {
    @Id var id: Long? = null
    var bio: String? = null
}

@Table("co_posts")
class CoPost(@ForeignKey(CoUser::class, onDelete = ReferentialAction.CASCADE) var userId: Long, var title: String) {
    @Id var id: Long? = null
}

@Table("co_counters")
class Counter(@Id var name: String, var value: Long)

@Table("co_accounts")
class CoAccount(var owner: String, var balance: Long) {
    @Id var id: Long? = null
    @Version var version: Long? = null
}

/** Opens a database on a fresh file (or in memory), creates the domain's tables, runs [block], closes it. */
suspend fun <R> withDatabase(memory: Boolean = false, configure: DatabaseConfig.() -> Unit = {}, block: suspend (Database) -> R): R {
    val url = if (memory) "jdbc:sqlite::memory:" else "jdbc:sqlite:" + Files.createTempDirectory("kalchemy-co").resolve("db.sqlite")
    val db = Database.open(url, configure)
    try {
        db.createAll(CoUser::class, CoPost::class, Counter::class, CoAccount::class)
        return block(db)
    } finally {
        db.close()
    }
}
