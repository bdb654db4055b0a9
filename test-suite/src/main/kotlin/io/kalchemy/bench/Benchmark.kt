package io.kalchemy.bench

import java.nio.file.Files
import java.nio.file.Path
import java.util.Locale
import kotlin.system.exitProcess

/**
 * The benchmark harness: runs W1–W6 (and W5r, W5 as plain rows, and W6g, W6 with group commit) with Kalchemy, with raw JDBC and, for W1–W5 and W5r on
 * SQLite, with the peers Exposed, Hibernate and Ktorm ([Peer]), each (implementation,
 * workload, profile) in a fresh JVM (W5 and W5r with -Xmx128m), and writes medians and ratios to
 * `target/bench/results.json` (`results-postgresql.json`) plus a table on stdout. Two profiles:
 * **cold**, the median of the first 5 iterations after 1 warm-up, as a short-lived process (a CLI,
 * a test, a service just restarted) sees it; **warm**, after [warmup] iterations (default 8), the
 * median of [measured] (default 7), once the JIT has settled. Each run also reports its JVM's first
 * iteration and peak RSS. Arguments: `[scale] [warmup] [measured] [sqlite|postgresql] [W1,W2,...]`;
 * on PostgreSQL it starts an embedded server (`io.kalchemy.bench.BenchBackend`) that every run's
 * JVM uses, each workload on fresh databases.
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
        run(scale, listOf(Profile("cold", 1, 5), Profile("warm", warmup, measured)), server?.let { "jdbc:postgresql://localhost:${it.port}/{db}?user=postgres" }, only)
    } finally {
        server?.close()
    }
}

/** How many iterations a run warms up with and measures. */
private data class Profile(val name: String, val warmup: Int, val measured: Int)

private fun runOne(java: String, classpath: String, out: Path, postgres: String?, scale: Double, workload: String, impl: String, profile: Profile): RunResult {
    val heap = Workload.create(workload, scale, out.resolve("probe")).maxHeap
    val cmd = mutableListOf(java)
    if (heap != null) cmd += "-Xmx$heap"
    if (postgres != null) cmd += "-Dkalchemy.bench.postgres=$postgres"
    cmd += listOf("-cp", classpath, "io.kalchemy.bench.WorkloadRunnerKt", impl, workload, scale.toString(),
        profile.warmup.toString(), profile.measured.toString(), out.resolve("data-$workload-$impl").toString())
    print("running $workload ${profile.name} with $impl${if (heap != null) " (-Xmx$heap)" else ""} ... ")
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
    val r = RunResult(parts[1], parts[2], parts[4].split(",").map { it.toDouble() }, parts[3].toInt(), parts[5].toDouble(), parts[6].toLong())
    out.resolve("data-$workload-$impl").toFile().deleteRecursively()
    println("median %.1f ms, first %.1f ms".format(Locale.ROOT, median(r.timesMs), r.firstMs))
    return r
}

private fun run(scale: Double, profiles: List<Profile>, postgres: String?, workloads: List<String>) {
    val out = outputDirectory()
    Files.createDirectories(out)
    waitForQuietParent()
    val java = ProcessHandle.current().info().command().orElse("java")
    val classpath = System.getProperty("java.class.path")
    // workload -> profile -> impl; raw and Kalchemy alternate, so a slow spell of the machine hits both
    val results = LinkedHashMap<String, LinkedHashMap<String, LinkedHashMap<String, RunResult>>>()
    for (workload in workloads) {
        val peers = postgres == null && Workload.create(workload, scale, out.resolve("probe")).hasPeers
        for (profile in profiles) {
            for (impl in listOf("jdbc", "kalchemy") + if (peers) Peer.ALL.map { it.name } else emptyList()) {
                results.getOrPut(workload) { LinkedHashMap() }.getOrPut(profile.name) { LinkedHashMap() }[impl] =
                    runOne(java, classpath, out, postgres, scale, workload, impl, profile)
            }
        }
    }
    out.resolve("probe").toFile().deleteRecursively()
    val json = StringBuilder("{\n")
    val table = StringBuilder()
    table.append(String.format(Locale.ROOT, "%-4s %-5s %11s %11s %7s %11s %11s %11s %10s %10s%n",
        "", "", "kalchemy ms", "jdbc ms", "ratio", "k first ms", "j first ms", "k tps", "k RSS MiB", "j RSS MiB"))
    val peerTable = StringBuilder()
    peerTable.append(String.format(Locale.ROOT, "%-4s %-5s %9s", "", "", "kalchemy"))
    Peer.ALL.forEach { peerTable.append(String.format(Locale.ROOT, " %9s", it.name)) }
    peerTable.append(String.format(Locale.ROOT, " %11s", "k first ms"))
    Peer.ALL.forEach { peerTable.append(String.format(Locale.ROOT, " %14s", "${it.name.take(8)} first")) }
    peerTable.append("\n")
    results.entries.forEachIndexed { i, (w, byProfile) ->
        json.append("  \"$w\": {")
        byProfile.entries.forEachIndexed { pi, (profile, byImpl) ->
            val kr = byImpl.getValue("kalchemy")
            val jr = byImpl.getValue("jdbc")
            val k = median(kr.timesMs)
            val j = median(jr.timesMs)
            json.append("\"$profile\": {\"kalchemy_ms\": ${fmt(k)}, \"jdbc_ms\": ${fmt(j)}, \"ratio\": ${fmt(k / j)}, " +
                "\"kalchemy_first_ms\": ${fmt(kr.firstMs)}, \"jdbc_first_ms\": ${fmt(jr.firstMs)}, " +
                "\"kalchemy_peak_rss_kb\": ${kr.peakRssKb}, \"jdbc_peak_rss_kb\": ${jr.peakRssKb}")
            if (kr.operations > 0) json.append(", \"kalchemy_tps\": ${fmt(kr.operations / (k / 1000))}, \"jdbc_tps\": ${fmt(kr.operations / (j / 1000))}")
            val peerRuns = Peer.ALL.mapNotNull { p -> byImpl[p.name]?.let { p.name to it } }
            for ((name, r) in peerRuns) {
                val m = median(r.timesMs)
                json.append(", \"${name}_ms\": ${fmt(m)}, \"${name}_ratio\": ${fmt(m / j)}, " +
                    "\"${name}_first_ms\": ${fmt(r.firstMs)}, \"${name}_peak_rss_kb\": ${r.peakRssKb}")
            }
            json.append("}").append(if (pi < byProfile.size - 1) ", " else "")
            table.append(String.format(Locale.ROOT, "%-4s %-5s %11.1f %11.1f %7.2f %11.1f %11.1f %11s %10.0f %10.0f%n", w, profile, k, j, k / j,
                kr.firstMs, jr.firstMs, if (kr.operations > 0) "%.0f".format(Locale.ROOT, kr.operations / (k / 1000)) else "",
                kr.peakRssKb / 1024.0, jr.peakRssKb / 1024.0))
            if (peerRuns.isNotEmpty()) {
                peerTable.append(String.format(Locale.ROOT, "%-4s %-5s %9.2f", w, profile, k / j))
                Peer.ALL.forEach { p -> peerTable.append(String.format(Locale.ROOT, " %9s", byImpl[p.name]?.let { "%.2f".format(Locale.ROOT, median(it.timesMs) / j) } ?: "")) }
                peerTable.append(String.format(Locale.ROOT, " %11.1f", kr.firstMs))
                Peer.ALL.forEach { p -> peerTable.append(String.format(Locale.ROOT, " %14s", byImpl[p.name]?.let { "%.1f".format(Locale.ROOT, it.firstMs) } ?: "")) }
                peerTable.append("\n")
            }
        }
        json.append("}").append(if (i < results.size - 1) ",\n" else "\n")
    }
    json.append("}\n")
    val file = out.resolve(if (postgres == null) "results.json" else "results-postgresql.json")
    Files.writeString(file, json)
    println()
    println("${if (postgres == null) "SQLite" else "PostgreSQL"}, scale $scale; cold: 1 warm-up + 5 measured; warm: " +
        "${profiles.last().warmup} warm-up + ${profiles.last().measured} measured; medians; ratio = kalchemy / jdbc (W6: time for the same transactions)")
    print(table)
    if (peerTable.lines().size > 2) {
        println()
        println("peers: ratio to jdbc in the same run (medians), and each JVM's first iteration")
        print(peerTable)
    }
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
