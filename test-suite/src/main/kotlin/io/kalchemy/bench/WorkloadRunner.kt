package io.kalchemy.bench

import java.nio.file.Path
import kotlinx.coroutines.runBlocking

/** The timings of one (implementation, workload) run. */
data class RunResult(val impl: String, val workload: String, val timesMs: List<Double>, val operations: Int)

/**
 * Runs [warmup] + [measured] iterations of one workload with one implementation, verifying every
 * iteration's result; returns the measured times.
 */
fun runWorkload(impl: String, workload: String, scale: Double, warmup: Int, measured: Int, dir: Path): RunResult {
    require(impl == "kalchemy" || impl == "jdbc") { "impl must be kalchemy or jdbc, got $impl" }
    val w = Workload.create(workload, scale, dir)
    val times = ArrayList<Double>()
    for (i in 0 until warmup + measured) {
        val url = w.prepare(i)
        val start = System.nanoTime()
        val checksum = if (impl == "jdbc") w.jdbc(url, i) else runBlocking { w.kalchemy(url, i) }
        val ms = (System.nanoTime() - start) / 1e6
        w.verify(impl, url, i, checksum)
        if (i >= warmup) times += ms
    }
    return RunResult(impl, workload, times, w.operations)
}

/** Entry point of the fresh JVM the orchestrator starts for each run: prints one `RESULT` line. */
fun main(args: Array<String>) {
    val (impl, workload) = args
    val scale = args[2].toDouble()
    val r = runWorkload(impl, workload, scale, args[3].toInt(), args[4].toInt(), Path.of(args[5]))
    println("RESULT ${r.impl} ${r.workload} ${r.operations} ${r.timesMs.joinToString(",")}")
}
