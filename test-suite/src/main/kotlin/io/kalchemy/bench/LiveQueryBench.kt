package io.kalchemy.bench

import io.kalchemy.coroutines.Database
import io.kalchemy.coroutines.eq
import io.kalchemy.coroutines.select
import io.kalchemy.engine.ExecutionListener
import java.nio.file.Files
import java.nio.file.Path
import java.sql.DriverManager
import java.time.Instant
import java.util.Locale
import java.util.concurrent.TimeUnit
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.channels.Channel
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withContext
import kotlinx.coroutines.withTimeout

/**
 * What live queries ([Database.observe], issue #17) cost on a SQLite file, in one JVM:
 * `io.kalchemy.bench.LiveQueryBenchKt [rounds] [transactions per worker] [observers] [samples] [samples, other connection]`.
 *
 * 1. **W6 overhead**: W6's 4 workers × N one-row transactions into `bench_users`, alternately with
 *    no live query and with [observers] live queries of `bench_posts` (a table W6 never writes),
 *    each on a fresh file after one untimed round of each; medians of transactions per second.
 * 2. **Commit-to-emission, in-process**: a live query counting `bench_users`; a transaction inserts
 *    a row; measured from the end of its COMMIT statement (seen by an `ExecutionListener`) to the
 *    collector receiving the new count.
 * 3. **Commit-to-emission, another connection**: the same insert committed by a plain JDBC
 *    connection, measured from its `commit()` returning; bounded by the poll interval
 *    ([io.kalchemy.coroutines.DatabaseConfig.changePollMillis]).
 * 4. **Commit-to-emission, another process**: the same insert by a child JVM (`LiveQueryChild.kt`),
 *    which prints the wall-clock millisecond after its COMMIT; measured against the wall clock
 *    at emission (1 ms resolution).
 */
fun main(args: Array<String>) = runLiveQueryBench(args)

/** The benchmark of [main], callable from a spec. */
fun runLiveQueryBench(args: Array<String>) = runBlocking {
    val rounds = args.getOrNull(0)?.toInt() ?: 5
    val perWorker = args.getOrNull(1)?.toInt() ?: 2_000
    val observers = args.getOrNull(2)?.toInt() ?: 100
    val samples = args.getOrNull(3)?.toInt() ?: 200
    val otherSamples = args.getOrNull(4)?.toInt() ?: 50
    val dir = Files.createTempDirectory("kalchemy-live-bench")
    var file = 0
    fun fresh(): Path = dir.resolve("db-${file++}.sqlite").also { p -> DriverManager.getConnection("jdbc:sqlite:$p").use { RawJdbc.createSchema(it) } }

    w6(fresh(), perWorker, 0)
    w6(fresh(), perWorker, observers)
    val plain = ArrayList<Double>()
    val observed = ArrayList<Double>()
    repeat(rounds) {
        plain += w6(fresh(), perWorker, 0)
        observed += w6(fresh(), perWorker, observers)
    }
    val inProcess = latency(fresh(), samples, otherConnection = false)
    val otherConnection = latency(fresh(), otherSamples, otherConnection = true)
    val otherProcess = crossProcess(fresh(), otherSamples)
    dir.toFile().deleteRecursively()

    println(String.format(Locale.ROOT, "W6, %d rounds of 4 x %d transactions, medians:", rounds, perWorker))
    println(String.format(Locale.ROOT, "  no live query              %8.0f tx/s  (runs: %s)", median(plain), plain.joinToString { "%.0f".format(Locale.ROOT, it) }))
    println(String.format(Locale.ROOT, "  %3d live queries elsewhere  %8.0f tx/s  (runs: %s)", observers, median(observed), observed.joinToString { "%.0f".format(Locale.ROOT, it) }))
    println(String.format(Locale.ROOT, "  ratio                       %8.3f", median(observed) / median(plain)))
    println("commit-to-emission, ms (median / p90 / max):")
    println("  in-process        " + summary(inProcess))
    println("  another connection " + summary(otherConnection))
    println("  another process    " + summary(otherProcess))
}

/** One W6 run on [path] with [observers] live queries of an unrelated table collected throughout; returns transactions per second. */
private suspend fun w6(path: Path, perWorker: Int, observers: Int): Double {
    val db = Database.open("jdbc:sqlite:$path")
    try {
        return coroutineScope {
            val ready = Channel<Unit>(Channel.UNLIMITED)
            val collectors = (1..observers).map { i ->
                launch(Dispatchers.Default) { db.observe { select<BenchPost>().where(BenchPost::userId eq i.toLong()).count() }.collect { ready.send(Unit) } }
            }
            repeat(observers) { withTimeout(60_000) { ready.receive() } }
            val created = Instant.parse("2024-01-01T00:00:00Z")
            val start = System.nanoTime()
            coroutineScope {
                repeat(4) { w ->
                    launch(Dispatchers.Default) {
                        repeat(perWorker) { i -> db.transaction { add(BenchUser("w$w-$i@example.com", "W$w $i", created)) } }
                    }
                }
            }
            val seconds = (System.nanoTime() - start) / 1e9
            collectors.forEach { it.cancel() }
            check(db.read { select<BenchUser>().count() } == 4L * perWorker) { "W6 lost a write" }
            4 * perWorker / seconds
        }
    } finally {
        db.shutdown()
    }
}

/**
 * Collects a live query counting `bench_users` on [db] and, [samples] times, lets [commit] insert
 * row `i` and return when (on [clock]) it committed; returns each time from then to the emission
 * of count `i`, in milliseconds ([clockMillis]: how many of [clock]'s units make one).
 */
private suspend fun emissionTimes(db: Database, samples: Int, clock: () -> Long, clockMillis: Double, commit: suspend (Int) -> Long): List<Double> =
    coroutineScope {
        val counts = Channel<Pair<Long, Long>>(Channel.UNLIMITED)
        val collector = launch(Dispatchers.Default) { db.observe { select<BenchUser>().count() }.collect { counts.send(it to clock()) } }
        withTimeout(60_000) { counts.receive() }
        val times = ArrayList<Double>()
        for (i in 1..samples) {
            val committed = commit(i)
            while (true) {
                val (n, at) = withTimeout(60_000) { counts.receive() }
                if (n == i.toLong()) {
                    times += (at - committed) / clockMillis
                    break
                }
            }
        }
        collector.cancel()
        times
    }

/** [samples] commit-to-emission times in milliseconds, the commits made by this database or by [otherConnection]. */
private suspend fun latency(path: Path, samples: Int, otherConnection: Boolean): List<Double> {
    val committedAt = java.util.concurrent.atomic.AtomicLong()
    val db = Database.open("jdbc:sqlite:$path") {
        listener(object : ExecutionListener {
            override fun afterExecute(sql: String, parameters: List<Any>, elapsedNanos: Long) {
                if (sql == "COMMIT") committedAt.set(System.nanoTime())
            }
        })
    }
    val other = if (otherConnection) DriverManager.getConnection("jdbc:sqlite:$path") else null
    val created = Instant.parse("2024-01-01T00:00:00Z")
    try {
        return emissionTimes(db, samples, System::nanoTime, 1e6) { i ->
            if (other == null) {
                db.transaction { add(BenchUser("l$i@example.com", "L $i", created)) }
            } else {
                other.prepareStatement("INSERT INTO bench_users (email, name, created_at) VALUES (?, ?, ?)").use { ps ->
                    ps.setString(1, "l$i@example.com")
                    ps.setString(2, "L $i")
                    ps.setObject(3, RawJdbc.instantParameter("jdbc:sqlite:$path", created))
                    ps.executeUpdate()
                }
                committedAt.set(System.nanoTime()) // auto-commit: the statement's return is its COMMIT
            }
            committedAt.get()
        }
    } finally {
        other?.close()
        db.shutdown()
    }
}

/** [samples] times from a child JVM's COMMIT to the emission here, in milliseconds of the wall clock. */
private suspend fun crossProcess(path: Path, samples: Int): List<Double> {
    val db = Database.open("jdbc:sqlite:$path")
    val java = ProcessHandle.current().info().command().orElse("java")
    val child = ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), "io.kalchemy.bench.LiveQueryChildKt", path.toString())
        .redirectError(ProcessBuilder.Redirect.INHERIT).start()
    val toChild = child.outputStream.bufferedWriter()
    val fromChild = child.inputStream.bufferedReader()
    try {
        return emissionTimes(db, samples, System::currentTimeMillis, 1.0) { i ->
            toChild.write("$i\n")
            toChild.flush()
            withContext(Dispatchers.IO) { fromChild.readLine() }.toLong()
        }
    } finally {
        toChild.close()
        child.waitFor(10, TimeUnit.SECONDS)
        child.destroy()
        db.shutdown()
    }
}

private fun median(values: List<Double>): Double {
    val s = values.sorted()
    return if (s.size % 2 == 1) s[s.size / 2] else (s[s.size / 2 - 1] + s[s.size / 2]) / 2
}

private fun summary(values: List<Double>): String {
    val s = values.sorted()
    return String.format(Locale.ROOT, "%.2f / %.2f / %.2f  (%d samples)", median(s), s[maxOf(0, (s.size * 9) / 10 - 1)], s.last(), s.size)
}
