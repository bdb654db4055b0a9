package io.kalchemy.engine

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres
import java.util.concurrent.atomic.AtomicInteger

/**
 * One real PostgreSQL server for the specs of this JVM, started from Maven artifacts on first use
 * (nothing installed by hand) and stopped when the JVM exits; each caller gets a fresh, empty
 * database on it.
 */
object EmbeddedPostgresServer {
    private val server: EmbeddedPostgres by lazy {
        EmbeddedPostgres.builder().start().also { pg -> Runtime.getRuntime().addShutdownHook(Thread { pg.close() }) }
    }
    private val databases = AtomicInteger()

    /** The JDBC URL of a new empty database. */
    fun freshDatabaseUrl(): String {
        val name = "kalchemy_" + databases.incrementAndGet()
        server.postgresDatabase.connection.use { it.createStatement().execute("CREATE DATABASE $name") }
        return server.getJdbcUrl("postgres", name)
    }
}
