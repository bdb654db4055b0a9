package io.kalchemy.bench

import java.time.Instant
import org.jetbrains.exposed.v1.core.ColumnType
import org.jetbrains.exposed.v1.core.dao.id.EntityID
import org.jetbrains.exposed.v1.core.dao.id.LongIdTable
import org.jetbrains.exposed.v1.dao.LongEntity
import org.jetbrains.exposed.v1.dao.LongEntityClass
import org.jetbrains.exposed.v1.dao.flushCache
import org.jetbrains.exposed.v1.dao.with
import org.jetbrains.exposed.v1.jdbc.Database
import org.jetbrains.exposed.v1.jdbc.selectAll
import org.jetbrains.exposed.v1.jdbc.transactions.transaction

/**
 * `created_at` as Kalchemy and the raw reference handle it on SQLite: the text
 * `yyyy-MM-dd HH:mm:ss.ffffff`, parsed by the same hand-written reader the raw code uses.
 */
internal class InstantText : ColumnType<Instant>() {
    override fun sqlType(): String = "DATETIME"
    override fun valueFromDB(value: Any): Instant = if (value is Instant) value else RawJdbc.parseInstant(value.toString())
    override fun notNullValueToDB(value: Instant): Any = RawJdbc.formatInstant(value)
}

internal object XUsers : LongIdTable("bench_users") {
    val email = text("email")
    val name = text("name")
    val createdAt = registerColumn("created_at", InstantText())
}

internal object XPosts : LongIdTable("bench_posts") {
    val user = reference("user_id", XUsers)
    val title = text("title")
    val body = text("body")
}

internal class XUser(id: EntityID<Long>) : LongEntity(id) {
    companion object : LongEntityClass<XUser>(XUsers)
    var email by XUsers.email
    var name by XUsers.name
    var createdAt by XUsers.createdAt
    val posts by XPost referrersOn XPosts.user
}

internal class XPost(id: EntityID<Long>) : LongEntity(id) {
    companion object : LongEntityClass<XPost>(XPosts)
    var user by XUser referencedOn XPosts.user
    var title by XPosts.title
    var body by XPosts.body
}

/**
 * Exposed 1.0 as a [Peer], written as its documentation shows. The DAO (entities, its entity cache, eager `with`) for W1-W4, the DSL's
 * `fetchBatchedResults` for W5, where the DAO's cache would hold every row. SQLite only; the connection
 * gets the raw reference's PRAGMAs.
 */
internal object ExposedPeer : Peer {
    override val name = "exposed"

    private fun connect(url: String): Database = Database.connect(url, driver = "org.sqlite.JDBC", setupConnection = { c ->
        c.createStatement().use { st ->
            st.execute("PRAGMA busy_timeout = 5000")
            st.execute("PRAGMA journal_mode = WAL")
            st.execute("PRAGMA synchronous = NORMAL")
            st.execute("PRAGMA foreign_keys = ON")
        }
    })

    override fun insertUsers(url: String, n: Int): Long = transaction(connect(url)) {
        val users = (1..n).map { i ->
            XUser.new {
                email = "user$i@example.com"
                name = "User $i"
                createdAt = Workload.created()
            }
        }
        flushCache()
        users.sumOf { it.id.value }
    }

    override fun fetchByKey(url: String, ids: List<Long>): Long = transaction(connect(url)) {
        var sum = 0L
        for (id in ids) sum += XUser.findById(id)!!.email.length
        sum
    }

    override fun dirtyUpdate(url: String, iteration: Int): Long = transaction(connect(url)) {
        val users = XUser.all().toList()
        users.forEach { it.name = "Name $iteration ${it.id.value}" }
        users.size.toLong()
    }

    override fun usersWithPosts(url: String): Long = transaction(connect(url)) {
        XUser.all().with(XUser::posts).toList().sumOf { it.posts.toList().size.toLong() }
    }

    override fun streamRows(url: String): Long = transaction(connect(url)) {
        var sum = 0L
        // Query.iterator() reads the whole result into a list on SQLite (OutOfMemoryError in 128 MB),
        // so the way Exposed documents for large tables: key-ordered batches of 1,000
        XUsers.selectAll().fetchBatchedResults(1000).forEach { batch ->
            for (row in batch) {
                val u = RawUser(row[XUsers.id].value, row[XUsers.email], row[XUsers.name], row[XUsers.createdAt])
                sum += u.id + u.email.length
            }
        }
        sum
    }
}
