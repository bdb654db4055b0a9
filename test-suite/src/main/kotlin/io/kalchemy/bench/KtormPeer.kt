package io.kalchemy.bench

import java.sql.PreparedStatement
import java.sql.ResultSet
import java.sql.Types
import java.time.Instant
import org.ktorm.database.Database
import org.ktorm.dsl.asc
import org.ktorm.dsl.eq
import org.ktorm.dsl.forEach
import org.ktorm.dsl.from
import org.ktorm.dsl.greater
import org.ktorm.dsl.inList
import org.ktorm.dsl.limit
import org.ktorm.dsl.orderBy
import org.ktorm.dsl.select
import org.ktorm.dsl.where
import org.ktorm.entity.Entity
import org.ktorm.entity.filter
import org.ktorm.entity.find
import org.ktorm.entity.sequenceOf
import org.ktorm.entity.toList
import org.ktorm.schema.SqlType
import org.ktorm.schema.Table
import org.ktorm.schema.long
import org.ktorm.schema.varchar
import org.ktorm.support.sqlite.SQLiteDialect
import org.ktorm.support.sqlite.bulkInsertReturning

/** `created_at` as the raw reference stores it on SQLite: the text `yyyy-MM-dd HH:mm:ss.ffffff`. */
internal object InstantTextSqlType : SqlType<Instant>(Types.VARCHAR, "datetime") {
    override fun doSetParameter(ps: PreparedStatement, index: Int, parameter: Instant) = ps.setString(index, RawJdbc.formatInstant(parameter))
    override fun doGetResult(rs: ResultSet, index: Int): Instant? = rs.getString(index)?.let(RawJdbc::parseInstant)
}

/** A user as a Ktorm entity (an interface Ktorm implements with a proxy). */
internal interface KUser : Entity<KUser> {
    companion object : Entity.Factory<KUser>()
    var id: Long
    var email: String
    var name: String
    var createdAt: Instant
}

internal object KUsers : Table<KUser>("bench_users") {
    val id = long("id").primaryKey().bindTo { it.id }
    val email = varchar("email").bindTo { it.email }
    val name = varchar("name").bindTo { it.name }
    val createdAt = registerColumn("created_at", InstantTextSqlType).bindTo { it.createdAt }
}

/** A post as a Ktorm entity. */
internal interface KPost : Entity<KPost> {
    companion object : Entity.Factory<KPost>()
    var id: Long
    var userId: Long
    var title: String
    var body: String
}

internal object KPosts : Table<KPost>("bench_posts") {
    val id = long("id").primaryKey().bindTo { it.id }
    val userId = long("user_id").bindTo { it.userId }
    val title = varchar("title").bindTo { it.title }
    val body = varchar("body").bindTo { it.body }
}

/**
 * Ktorm 4.1 as a [Peer], written as its documentation shows: entity sequences, `flushChanges` for
 * W3's dirty updates, and its SQLite support's `bulkInsertReturning` for W1 in chunks of 1,000 rows
 * (every id read back, as Kalchemy and raw JDBC do). Ktorm has no eager loading of one-to-many, so
 * W4 loads the posts with one `IN` query and groups them; its queries read the whole result into
 * memory, so W5 reads key-ordered pages of 1,000 through the DSL. Each workload runs in one
 * transaction on one connection from [RawJdbc.connect].
 */
internal object KtormPeer : Peer {
    override val name = "ktorm"

    private fun connect(url: String) = Database.connect(dialect = SQLiteDialect()) { RawJdbc.connect(url) }

    override fun insertUsers(url: String, n: Int): Long {
        val db = connect(url)
        return db.useTransaction {
            var sum = 0L
            var done = 0
            while (done < n) {
                val from = done + 1
                val to = minOf(n, done + 1000)
                val ids = db.bulkInsertReturning(KUsers, KUsers.id) {
                    for (i in from..to) {
                        item {
                            set(it.email, "user$i@example.com")
                            set(it.name, "User $i")
                            set(it.createdAt, Workload.created())
                        }
                    }
                }
                for (id in ids) sum += id!!
                done = to
            }
            sum
        }
    }

    override fun fetchByKey(url: String, ids: List<Long>): Long {
        val db = connect(url)
        return db.useTransaction {
            val users = db.sequenceOf(KUsers)
            var sum = 0L
            for (id in ids) sum += users.find { it.id eq id }!!.email.length
            sum
        }
    }

    override fun dirtyUpdate(url: String, iteration: Int): Long {
        val db = connect(url)
        return db.useTransaction {
            val users = db.sequenceOf(KUsers).toList()
            for (u in users) {
                u.name = "Name $iteration ${u.id}"
                u.flushChanges()
            }
            users.size.toLong()
        }
    }

    override fun usersWithPosts(url: String): Long {
        val db = connect(url)
        return db.useTransaction {
            val users = db.sequenceOf(KUsers).toList()
            val ids = users.map { it.id }
            val posts = db.sequenceOf(KPosts).filter { it.userId inList ids }.toList().groupBy { it.userId }
            users.sumOf { (posts[it.id]?.size ?: 0).toLong() }
        }
    }

    override fun streamRows(url: String): Long {
        val db = connect(url)
        return db.useTransaction {
            var sum = 0L
            var last = 0L
            while (true) {
                var got = 0
                db.from(KUsers).select().where { KUsers.id greater last }.orderBy(KUsers.id.asc()).limit(1000).forEach { row ->
                    val u = RawUser(row[KUsers.id]!!, row[KUsers.email]!!, row[KUsers.name]!!, row[KUsers.createdAt]!!)
                    sum += u.id + u.email.length
                    last = u.id
                    got++
                }
                if (got < 1000) break
            }
            sum
        }
    }
}
