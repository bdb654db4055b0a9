package io.kalchemy.bench

import java.nio.file.Path
import kotlinx.coroutines.runBlocking

/**
 * The timings of one (implementation, workload) run: the measured iterations, the very first
 * iteration of the JVM ([firstMs]: class loading, mapper building, JIT still cold) and the
 * process's peak resident set ([peakRssKb], Linux `VmHWM`; 0 where unknown).
 */
data class RunResult(
    val impl: String,
    val workload: String,
    val timesMs: List<Double>,
    val operations: Int,
    val firstMs: Double = 0.0,
    val peakRssKb: Long = 0,
)

/** The process's peak resident set in kB (`VmHWM` of /proc/self/status), 0 where there is none. */
private fun peakRssKb(): Long = try {
    java.nio.file.Files.readAllLines(Path.of("/proc/self/status")).firstOrNull { it.startsWith("VmHWM:") }
        ?.removePrefix("VmHWM:")?.trim()?.removeSuffix("kB")?.trim()?.toLong() ?: 0
} catch (e: java.io.IOException) {
    0
}

/**
 * Runs [warmup] + [measured] iterations of one workload with one implementation (`kalchemy`,
 * `jdbc` or a [Peer]'s name), verifying every iteration's result; returns the measured times.
 * @throws IllegalArgumentException for an unknown implementation or workload.
 */
fun runWorkload(impl: String, workload: String, scale: Double, warmup: Int, measured: Int, dir: Path): RunResult {
    val peer = if (impl == "kalchemy" || impl == "jdbc") null else Peer.named(impl)
    val w = Workload.create(workload, scale, dir)
    val times = ArrayList<Double>()
    var first = 0.0
    for (i in 0 until warmup + measured) {
        val url = w.prepare(i)
        val start = System.nanoTime()
        val checksum = when {
            peer != null -> w.peer(peer, url, i)
            impl == "jdbc" -> w.jdbc(url, i)
            else -> runBlocking { w.kalchemy(url, i) }
        }
        val ms = (System.nanoTime() - start) / 1e6
        w.verify(impl, url, i, checksum)
        if (i == 0) first = ms
        if (i >= warmup) times += ms
    }
    return RunResult(impl, workload, times, w.operations, first, peakRssKb())
}

/** Entry point of the fresh JVM the orchestrator starts for each run: prints one `RESULT` line. */
fun main(args: Array<String>) {
    val (impl, workload) = args
    val scale = args[2].toDouble()
    val r = runWorkload(impl, workload, scale, args[3].toInt(), args[4].toInt(), Path.of(args[5]))
    println("RESULT ${r.impl} ${r.workload} ${r.operations} ${r.timesMs.joinToString(",")} ${r.firstMs} ${r.peakRssKb}")
}
