package io.kalchemy.bench

import java.nio.file.Files
import java.nio.file.Path
import java.util.Locale
import kotlin.system.exitProcess

/**
 * The benchmark harness: runs W1–W6 with Kalchemy and with raw JDBC, each (implementation,
 * workload) in a fresh JVM (W5 with -Xmx128m), and writes medians and ratios to
 * `target/bench/results.json` (`results-postgresql.json`) plus a table on stdout. Arguments:
 * `[scale] [warmup] [measured] [sqlite|postgresql] [W1,W2,...]`; on PostgreSQL it starts an embedded server
 * (`io.kalchemy.bench.BenchBackend`) that every run's JVM uses, each workload on fresh databases.
 */
fun main(args: Array<String>) {
    val scale = args.getOrNull(0)?.toDouble() ?: 1.0
    val warmup = args.getOrNull(1)?.toInt() ?: 8
    val measured = args.getOrNull(2)?.toInt() ?: 7
    val backend = args.getOrNull(3) ?: "sqlite"
    val only = args.getOrNull(4)?.split(",") ?: Workload.NAMES
    require(backend == "sqlite" || backend == "postgresql") { "backend must be sqlite or postgresql, got $backend" }
    val server = if (backend == "postgresql") io.zonky.test.db.postgres.embedded.EmbeddedPostgres.builder().start() else null
    try {
        run(scale, warmup, measured, server?.let { "jdbc:postgresql://localhost:${it.port}/{db}?user=postgres" }, only)
    } finally {
        server?.close()
    }
}

private fun run(scale: Double, warmup: Int, measured: Int, postgres: String?, workloads: List<String>) {
    val out = outputDirectory()
    Files.createDirectories(out)
    waitForQuietParent()
    val java = ProcessHandle.current().info().command().orElse("java")
    val classpath = System.getProperty("java.class.path")
    val results = LinkedHashMap<String, Map<String, RunResult>>()
    for (workload in workloads) {
        val byImpl = LinkedHashMap<String, RunResult>()
        for (impl in listOf("jdbc", "kalchemy")) {
            val heap = Workload.create(workload, scale, out.resolve("probe")).maxHeap
            val cmd = mutableListOf(java)
            if (heap != null) cmd += "-Xmx$heap"
            if (postgres != null) cmd += "-Dkalchemy.bench.postgres=$postgres"
            cmd += listOf("-cp", classpath, "io.kalchemy.bench.WorkloadRunnerKt", impl, workload, scale.toString(),
                warmup.toString(), measured.toString(), out.resolve("data-$workload-$impl").toString())
            print("running $workload with $impl${if (heap != null) " (-Xmx$heap)" else ""} ... ")
            System.out.flush()
            val p = ProcessBuilder(cmd).redirectErrorStream(true).start()
            val output = p.inputStream.bufferedReader().readText()
            val code = p.waitFor()
            val line = output.lines().firstOrNull { it.startsWith("RESULT ") }
            if (code != 0 || line == null) {
                println("FAILED (exit $code)")
                System.err.println(output)
                exitProcess(1)
            }
            val parts = line.split(" ")
            val r = RunResult(parts[1], parts[2], parts[4].split(",").map { it.toDouble() }, parts[3].toInt())
            byImpl[impl] = r
            println("median %.1f ms".format(Locale.ROOT, median(r.timesMs)))
        }
        results[workload] = byImpl
        out.resolve("data-$workload-jdbc").toFile().deleteRecursively()
        out.resolve("data-$workload-kalchemy").toFile().deleteRecursively()
    }
    out.resolve("probe").toFile().deleteRecursively()
    val json = StringBuilder("{\n")
    val table = StringBuilder()
    table.append(String.format(Locale.ROOT, "%-4s %12s %12s %8s %12s %12s%n", "", "kalchemy ms", "jdbc ms", "ratio", "kalchemy tps", "jdbc tps"))
    results.entries.forEachIndexed { i, (w, byImpl) ->
        val k = median(byImpl.getValue("kalchemy").timesMs)
        val j = median(byImpl.getValue("jdbc").timesMs)
        val ops = byImpl.getValue("kalchemy").operations
        json.append("  \"$w\": {\"kalchemy_ms\": ${fmt(k)}, \"jdbc_ms\": ${fmt(j)}, \"ratio\": ${fmt(k / j)}")
        if (ops > 0) json.append(", \"kalchemy_tps\": ${fmt(ops / (k / 1000))}, \"jdbc_tps\": ${fmt(ops / (j / 1000))}")
        json.append("}").append(if (i < results.size - 1) ",\n" else "\n")
        table.append(String.format(Locale.ROOT, "%-4s %12.1f %12.1f %8.2f %12s %12s%n", w, k, j, k / j,
            if (ops > 0) "%.0f".format(Locale.ROOT, ops / (k / 1000)) else "", if (ops > 0) "%.0f".format(Locale.ROOT, ops / (j / 1000)) else ""))
    }
    json.append("}\n")
    val file = out.resolve(if (postgres == null) "results.json" else "results-postgresql.json")
    Files.writeString(file, json)
    println()
    println("${if (postgres == null) "SQLite" else "PostgreSQL"}, scale $scale, $warmup warm-up + $measured measured iterations per run, medians; ratio = kalchemy / jdbc")
    print(table)
    println("written to " + file.toAbsolutePath())
}

/** `test-suite/target/bench`, found from where this class was loaded (so the working directory does not matter). */
private fun outputDirectory(): Path {
    val classes = Path.of(Workload::class.java.protectionDomain.codeSource.location.toURI())
    return classes.parent.resolve("bench")
}

/**
 * Waits (at most 30 s) until the process that started us (Maven, which has just compiled the
 * project) stops using CPU: on a 2-core machine its background work after compiling distorted
 * whichever workload ran first.
 */
private fun waitForQuietParent() {
    val parent = ProcessHandle.current().parent().orElse(null) ?: return
    var last = parent.info().totalCpuDuration().orElse(null) ?: return
    val deadline = System.nanoTime() + 30_000_000_000L
    while (System.nanoTime() < deadline) {
        Thread.sleep(1000)
        val now = parent.info().totalCpuDuration().orElse(null) ?: return
        if (now.minus(last).toMillis() < 50) return
        last = now
    }
}

private fun median(values: List<Double>): Double {
    val s = values.sorted()
    return if (s.size % 2 == 1) s[s.size / 2] else (s[s.size / 2 - 1] + s[s.size / 2]) / 2
}

private fun fmt(v: Double) = String.format(Locale.ROOT, "%.3f", v)
