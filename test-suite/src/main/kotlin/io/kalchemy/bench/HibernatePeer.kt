package io.kalchemy.bench

import jakarta.persistence.AttributeConverter
import jakarta.persistence.Column
import jakarta.persistence.Convert
import jakarta.persistence.Converter
import jakarta.persistence.Entity
import jakarta.persistence.FetchType
import jakarta.persistence.Id
import jakarta.persistence.JoinColumn
import jakarta.persistence.ManyToOne
import jakarta.persistence.OneToMany
import jakarta.persistence.Table
import java.sql.Connection
import java.time.Instant
import org.hibernate.ScrollMode
import org.hibernate.SessionFactory
import org.hibernate.boot.MetadataSources
import org.hibernate.boot.registry.StandardServiceRegistryBuilder
import org.hibernate.cfg.AvailableSettings
import org.hibernate.engine.jdbc.connections.spi.ConnectionProvider

/** `created_at` as the raw reference stores it on SQLite: the text `yyyy-MM-dd HH:mm:ss.ffffff`. */
@Converter
class InstantTextConverter : AttributeConverter<Instant, String> {
    override fun convertToDatabaseColumn(attribute: Instant?): String? = attribute?.let(RawJdbc::formatInstant)
    override fun convertToEntityAttribute(dbData: String?): Instant? = dbData?.let(RawJdbc::parseInstant)
}

/** bench_users for Hibernate: open, with a no-argument constructor, as JPA requires of a Kotlin class. */
@Entity
@Table(name = "bench_users")
open class HUser() {
    @field:Id open var id: Long = 0
    open var email: String = ""
    open var name: String = ""

    @field:Column(name = "created_at")
    @field:Convert(converter = InstantTextConverter::class)
    open var createdAt: Instant = Instant.EPOCH

    @field:OneToMany(mappedBy = "user")
    open var posts: MutableList<HPost> = mutableListOf()

    constructor(id: Long, email: String, name: String, createdAt: Instant) : this() {
        this.id = id
        this.email = email
        this.name = name
        this.createdAt = createdAt
    }
}

/** bench_posts for Hibernate. */
@Entity
@Table(name = "bench_posts")
open class HPost {
    @field:Id open var id: Long = 0

    @field:ManyToOne(fetch = FetchType.LAZY)
    @field:JoinColumn(name = "user_id")
    open var user: HUser? = null
    open var title: String = ""
    open var body: String = ""
}

/**
 * Hibernate ORM 7 as a [Peer], written as its documentation shows: one `SessionFactory` per JVM
 * (built at the first call, so inside the first iteration, as Kalchemy builds its mappers), the
 * community SQLite dialect, JDBC batching of 1,000 with ordered inserts and updates. W1 assigns
 * the ids (1..n) so that Hibernate can batch its inserts: with `IDENTITY` it inserts row by row,
 * so unlike Kalchemy and raw JDBC it reads no generated id back. W4 uses `join fetch`; W5 a
 * `StatelessSession` scrolled forward with a fetch size of 1,000.
 */
internal object HibernatePeer : Peer {
    override val name = "hibernate"

    /** The database the next session connects to: every iteration gets its own file, the factory stays. */
    @Volatile private var url: String = ""

    /** Connections straight from [RawJdbc.connect] (the raw reference's PRAGMAs), one per session, no pool. */
    private object Connections : ConnectionProvider {
        override fun getConnection(): Connection = RawJdbc.connect(url)
        override fun closeConnection(conn: Connection) = conn.close()
        override fun supportsAggressiveRelease() = false
        override fun isUnwrappableAs(unwrapType: Class<*>) = false
        override fun <T : Any?> unwrap(unwrapType: Class<T>): T = throw UnsupportedOperationException("unwrap")
    }

    private val factory: SessionFactory by lazy {
        java.util.logging.Logger.getLogger("org.hibernate").level = java.util.logging.Level.WARNING
        val registry = StandardServiceRegistryBuilder()
            .applySetting(AvailableSettings.DIALECT, "org.hibernate.community.dialect.SQLiteDialect")
            .applySetting(AvailableSettings.CONNECTION_PROVIDER, Connections)
            .applySetting(AvailableSettings.ALLOW_METADATA_ON_BOOT, false)
            .applySetting(AvailableSettings.STATEMENT_BATCH_SIZE, 1000)
            .applySetting(AvailableSettings.ORDER_INSERTS, true)
            .applySetting(AvailableSettings.ORDER_UPDATES, true)
            .build()
        MetadataSources(registry).addAnnotatedClass(HUser::class.java).addAnnotatedClass(HPost::class.java)
            .buildMetadata().buildSessionFactory()
    }

    private fun on(url: String): SessionFactory {
        this.url = url
        return factory
    }

    override fun insertUsers(url: String, n: Int): Long = on(url).fromTransaction { s ->
        var sum = 0L
        for (i in 1..n) {
            val u = HUser(i.toLong(), "user$i@example.com", "User $i", Workload.created())
            s.persist(u)
            sum += u.id
        }
        s.flush()
        sum
    }

    override fun fetchByKey(url: String, ids: List<Long>): Long = on(url).fromTransaction { s ->
        var sum = 0L
        for (id in ids) sum += s.find(HUser::class.java, id).email.length
        sum
    }

    override fun dirtyUpdate(url: String, iteration: Int): Long = on(url).fromTransaction { s ->
        val users = s.createSelectionQuery("from HUser", HUser::class.java).list()
        users.forEach { it.name = "Name $iteration ${it.id}" }
        users.size.toLong()
    }

    override fun usersWithPosts(url: String): Long = on(url).fromTransaction { s ->
        s.createSelectionQuery("from HUser u left join fetch u.posts", HUser::class.java).list().sumOf { it.posts.size.toLong() }
    }

    override fun streamRows(url: String): Long = on(url).openStatelessSession().use { s ->
        val tx = s.beginTransaction()
        var sum = 0L
        s.createSelectionQuery("from HUser", HUser::class.java).setFetchSize(1000).scroll(ScrollMode.FORWARD_ONLY).use { rows ->
            while (rows.next()) {
                val u = rows.get()
                sum += u.id + u.email.length
            }
        }
        tx.commit()
        sum
    }
}
