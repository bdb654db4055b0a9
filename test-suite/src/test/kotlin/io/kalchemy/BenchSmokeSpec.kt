package io.kalchemy

import io.kalchemy.bench.Workload
import io.kalchemy.bench.runWorkload
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldHaveSize
import java.nio.file.Files

/** Every benchmark workload at 1/100 size, every implementation (the peers Exposed, Hibernate and Ktorm where they have one), results verified: the harness cannot rot. */
class BenchSmokeSpec : FunSpec({
    for (workload in Workload.NAMES) {
        val peers = Workload.create(workload, 0.01, Files.createTempDirectory("kalchemy-bench-probe")).hasPeers
        for (impl in listOf("jdbc", "kalchemy") + if (peers) listOf("exposed", "hibernate", "ktorm") else emptyList()) {
            test("$workload with $impl at 1/100 size produces verified results") {
                val dir = Files.createTempDirectory("kalchemy-bench")
                runWorkload(impl, workload, 0.01, warmup = 0, measured = 2, dir = dir).timesMs shouldHaveSize 2
            }
        }
    }

    test("the live query benchmark runs at a small size") {
        io.kalchemy.bench.runLiveQueryBench(arrayOf("1", "50", "5", "5", "2")) // LiveQueryBench: it checks W6 lost no write
    }
})
