package io.kalchemy.bench

import java.nio.file.Path
import java.sql.DriverManager
import java.util.concurrent.atomic.AtomicInteger

/**
 * Where the workloads run: SQLite files (the default), or fresh databases on the PostgreSQL
 * server whose URL template `-Dkalchemy.bench.postgres=jdbc:postgresql://host:port/{db}?user=...`
 * names (the orchestrator starts an embedded one and passes it to every run's JVM).
 */
internal object BenchBackend {
    /** The PostgreSQL URL template with a `{db}` placeholder, or null for SQLite. */
    private val postgres: String? = System.getProperty("kalchemy.bench.postgres")
    private val databases = AtomicInteger()

    val isPostgres: Boolean get() = postgres != null

    /**
     * A passphrase (`-Dkalchemy.bench.key=...`) that encrypts every SQLite file with SQLCipher 4,
     * on both sides; needs the cipher driver on the classpath in place of xerial's (docs/benchmarks.md).
     */
    val key: String? = System.getProperty("kalchemy.bench.key")

    /** The name of the backend, for reports. */
    val label: String get() = if (isPostgres) "postgresql" else "sqlite"

    /** A new empty database for [label]: a file under [dir], or a database created on the server. */
    fun newDatabase(label: String, dir: Path): String {
        val template = postgres ?: return "jdbc:sqlite:" + dir.resolve("$label-${System.nanoTime()}.db")
        val name = ("bench_" + label.replace(Regex("[^A-Za-z0-9]"), "_") + "_" + ProcessHandle.current().pid() + "_" + databases.incrementAndGet())
            .lowercase()
        DriverManager.getConnection(template.replace("{db}", "postgres")).use { c -> c.createStatement().use { it.execute("CREATE DATABASE $name") } }
        return template.replace("{db}", name)
    }
}
