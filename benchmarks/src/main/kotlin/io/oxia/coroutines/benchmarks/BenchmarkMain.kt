package io.oxia.coroutines.benchmarks

import io.oxia.coroutines.testing.OxiaStandalone

/**
 * Runs the benchmark: starts one local Oxia server, loads the data sets, then for every case runs
 * each client in its own forked JVM, alternating which client goes first from round to round, runs
 * `oxia perf` as a peer, and writes `results.md` and `results.json`. Arguments: see
 * [BenchmarkSettings].
 */
object BenchmarkMain {
    /** Entry point. */
    @JvmStatic
    fun main(args: Array<String>) {
        val settings = BenchmarkSettings.parse(args)
        settings.outDir.mkdirs()
        OxiaStandalone.start(shards = settings.shards, version = settings.serverVersion).use {
            server ->
            val address = server.serviceAddress
            println(
                "Oxia ${server.version} at $address, ${settings.shards} shards; mode ${settings.mode}"
            )
            val loadStarted = System.nanoTime()
            DataLoader.load(address, settings.parameters)
            println("Loaded data sets in ${(System.nanoTime() - loadStarted) / 1_000_000} ms")
            val launcher = WorkerLauncher(settings, address, server.pid, server.metricsAddress)
            val results =
                LinkedHashMap<BenchCase, MutableMap<ClientKind, MutableMap<Int, CaseResult>>>()
            for (case in settings.cases) {
                for (round in 0 until settings.rounds) {
                    val order =
                        if ((round + case.ordinalSeed()) % 2 == 0) settings.clients
                        else settings.clients.reversed()
                    for (kind in order) {
                        val result = launcher.run(kind, case, round) ?: continue
                        results
                            .getOrPut(case) { LinkedHashMap() }
                            .getOrPut(kind) { sortedMapOf() }[round] = result
                        println(
                            "  ${case.id} ${kind.label} r$round: ${"%.0f".format(result.opsPerSecond)} ops/s, " +
                                "p99 ${"%.2f".format(result.p99Micros / 1000)} ms, " +
                                "CPU ${"%.1f".format(result.cpuNanosPerOp / 1000)} µs/op, " +
                                "${"%.0f".format(result.allocatedBytesPerOp)} B/op" +
                                if (result.errors > 0) ", ${result.errors} errors" else ""
                        )
                    }
                }
            }
            val perf =
                settings.perfBinary?.let {
                    println("Running oxia perf for ${settings.perfSeconds} s")
                    PerfPeer(it, settings.outDir)
                        .run(address, settings.parameters, settings.perfSeconds)
                }
            val summary = Summary(settings, address, results, perf)
            val markdown = MarkdownReport.render(summary)
            settings.jsonFile.absoluteFile.parentFile.mkdirs()
            settings.jsonFile.writeText(JsonReport.render(summary))
            java.io.File(settings.outDir, "results.md").writeText(markdown)
            println()
            println(markdown)
            println(
                "Written ${settings.jsonFile} and ${java.io.File(settings.outDir, "results.md")}"
            )
        }
    }

    // Alternates the first client across cases too, so that neither always runs first.
    private fun BenchCase.ordinalSeed(): Int = workload.ordinal + inFlight.countOneBits()
}
