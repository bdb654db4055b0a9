package io.kalchemy.bench

import java.sql.Connection
import java.sql.DriverManager
import java.time.Instant
import java.time.LocalDateTime
import java.time.ZoneOffset

/**
 * Plain JDBC (sqlite-jdbc, or pgjdbc on PostgreSQL), as a careful developer would write it: the
 * reference every workload is compared with.
 */
internal object RawJdbc {
    fun connect(url: String): Connection {
        val key = BenchBackend.key
        val c = if (key == null || !url.startsWith("jdbc:sqlite:")) DriverManager.getConnection(url)
        else DriverManager.getConnection(url, java.util.Properties().apply { setProperty("cipher", "sqlcipher"); setProperty("legacy", "4"); setProperty("key", key) })
        if (url.startsWith("jdbc:postgresql:")) return c
        c.createStatement().use { st ->
            st.execute("PRAGMA busy_timeout = 5000")
            st.execute("PRAGMA journal_mode = WAL")
            st.execute("PRAGMA synchronous = NORMAL")
            st.execute("PRAGMA foreign_keys = ON")
        }
        return c
    }

    fun createSchema(c: Connection) {
        val postgres = c.metaData.url.startsWith("jdbc:postgresql:")
        c.createStatement().use { st ->
            st.execute(if (postgres) PG_DDL_USERS else DDL_USERS)
            st.execute(if (postgres) PG_DDL_POSTS else DDL_POSTS)
            st.execute(DDL_POSTS_INDEX)
        }
    }

    /**
     * [i] as the JDBC parameter the database stores it from, made once per run: the text Kalchemy
     * and SQLAlchemy store DATETIME as on SQLite, an `OffsetDateTime` for `timestamptz` on PostgreSQL.
     */
    fun instantParameter(url: String, i: Instant): Any =
        if (url.startsWith("jdbc:postgresql:")) java.time.OffsetDateTime.ofInstant(i, ZoneOffset.UTC) else formatInstant(i)

    /** The same text format Kalchemy (and SQLAlchemy) store DATETIME in on SQLite. */
    fun formatInstant(i: Instant): String {
        val t = LocalDateTime.ofInstant(i, ZoneOffset.UTC)
        return "%04d-%02d-%02d %02d:%02d:%02d.%06d".format(t.year, t.monthValue, t.dayOfMonth, t.hour, t.minute, t.second, t.nano / 1000)
    }

    /**
     * The stored text `yyyy-MM-dd HH:mm:ss[.ffffff]` read by hand, as careful hand-written code
     * does (Kalchemy's own reader does the same): `LocalDateTime.parse` made this reference slower
     * than Kalchemy (issue 19). Other shapes go through `LocalDateTime.parse`.
     */
    fun parseInstant(s: String): Instant {
        if (s.length < 19 || s[4] != '-' || s[7] != '-' || s[10] != ' ' || s[13] != ':' || s[16] != ':') {
            return LocalDateTime.parse(s.replace(' ', 'T')).toInstant(ZoneOffset.UTC)
        }
        val days = java.time.LocalDate.of(digits(s, 0, 4), digits(s, 5, 2), digits(s, 8, 2)).toEpochDay()
        var nanos = 0
        if (s.length > 20 && s[19] == '.') {
            val n = minOf(s.length - 20, 9)
            nanos = digits(s, 20, n)
            repeat(9 - n) { nanos *= 10 }
        }
        return Instant.ofEpochSecond(days * 86_400 + digits(s, 11, 2) * 3_600L + digits(s, 14, 2) * 60L + digits(s, 17, 2), nanos.toLong())
    }

    private fun digits(s: String, from: Int, count: Int): Int {
        var v = 0
        for (i in from until from + count) {
            val d = s[i] - '0'
            require(d in 0..9) { "not a date-time: $s" }
            v = v * 10 + d
        }
        return v
    }

    /** A user from the current row of `SELECT id, email, name, created_at` ([postgres]: `created_at` is a `timestamptz`). */
    fun user(rs: java.sql.ResultSet, postgres: Boolean) =
        RawUser(rs.getLong(1), rs.getString(2), rs.getString(3), if (postgres) rs.getObject(4, java.time.OffsetDateTime::class.java).toInstant() else parseInstant(rs.getString(4)))

    /** Fills the schema with [users] users and [postsPerUser] posts each, in one transaction. */
    fun populate(url: String, users: Int, postsPerUser: Int) {
        connect(url).use { c ->
            createSchema(c)
            c.autoCommit = false
            val created = instantParameter(url, Instant.parse("2024-01-01T00:00:00Z"))
            c.prepareStatement("INSERT INTO bench_users (id, email, name, created_at) VALUES (?, ?, ?, ?)").use { ps ->
                for (i in 1..users) {
                    ps.setLong(1, i.toLong())
                    ps.setString(2, "user$i@example.com")
                    ps.setString(3, "User $i")
                    ps.setObject(4, created)
                    ps.addBatch()
                    if (i % 10_000 == 0) ps.executeBatch()
                }
                ps.executeBatch()
            }
            if (postsPerUser > 0) {
                c.prepareStatement("INSERT INTO bench_posts (user_id, title, body) VALUES (?, ?, ?)").use { ps ->
                    var n = 0
                    for (u in 1..users) for (p in 1..postsPerUser) {
                        ps.setLong(1, u.toLong())
                        ps.setString(2, "Post $p of $u")
                        ps.setString(3, "Body of post $p by user $u")
                        ps.addBatch()
                        if (++n % 10_000 == 0) ps.executeBatch()
                    }
                    ps.executeBatch()
                }
            }
            c.commit()
        }
    }
}
