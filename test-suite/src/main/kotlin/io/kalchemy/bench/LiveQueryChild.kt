package io.kalchemy.bench

import java.sql.DriverManager
import java.time.Instant

/**
 * The other process of the live query benchmark (`LiveQueryBench.kt`): `<file>`; for each line
 * read from stdin it inserts one user into `bench_users` (auto-commit, so the statement is its
 * COMMIT) and prints the wall-clock millisecond right after it.
 */
fun main(args: Array<String>) {
    DriverManager.getConnection("jdbc:sqlite:" + args[0]).use { c ->
        c.createStatement().use { it.execute("PRAGMA busy_timeout = 10000") }
        val created = RawJdbc.instantParameter("jdbc:sqlite:" + args[0], Instant.parse("2024-01-01T00:00:00Z"))
        c.prepareStatement("INSERT INTO bench_users (email, name, created_at) VALUES (?, ?, ?)").use { ps ->
            while (true) {
                val line = readLine() ?: break
                ps.setString(1, "p$line@example.com")
                ps.setString(2, "P $line")
                ps.setObject(3, created)
                ps.executeUpdate()
                println(System.currentTimeMillis())
                System.out.flush()
            }
        }
    }
}
