package io.oxia.coroutines.benchmarks

import java.io.File
import java.util.concurrent.TimeUnit

/**
 * Runs `oxia perf` (the Go client) of the server's own binary, or v0.14.0's, against the same
 * server with W3's rate, read percentage, value size and key count, and parses the figures it
 * prints every 10 seconds. The last report covers the last 10 s; its latencies are in milliseconds
 * as the tool prints them.
 */
class PerfPeer(private val binary: File, private val outDir: File) {
    /** The figures of one report of the tool. */
    data class Figures(val metrics: Map<String, Double>)

    /** Runs the tool for [seconds] and returns its last report, or `null` if it printed none. */
    fun run(address: String, parameters: WorkloadParameters, seconds: Int): Figures? {
        val log = File(outDir, "logs/oxia-perf.log").apply { parentFile.mkdirs() }
        val process =
            ProcessBuilder(
                    binary.path,
                    "perf",
                    "-a",
                    address,
                    "-r",
                    parameters.rate.toString(),
                    "-p",
                    parameters.readPercent.toString(),
                    "-s",
                    parameters.valueSize.toString(),
                    "--keys-cardinality",
                    parameters.keyCount.toString(),
                )
                .redirectErrorStream(true)
                .redirectOutput(log)
                .start()
        if (process.waitFor(seconds.toLong(), TimeUnit.SECONDS)) {
            println("  oxia perf exited early (${process.exitValue()}); see $log")
        }
        process.destroy()
        if (!process.waitFor(10, TimeUnit.SECONDS)) process.destroyForcibly().waitFor()
        return parse(log.readText())
    }

    private fun parse(output: String): Figures? {
        val text = output.replace(Regex("\u001B\\[[0-9;]*m"), "")
        val report = text.split("Stats - ").drop(1).lastOrNull() ?: return null
        val metrics = LinkedHashMap<String, Double>()
        Regex("""Total ops:\s*([\d.]+)""").find(report)?.let {
            metrics["opsPerSecond"] = it.groupValues[1].toDouble()
        }
        val line =
            Regex(
                """(Write|Read)\s+ops\s+([\d.]+)\s+\w/s\s+Latency ms: 50%\s+([\d.]+) - 95%\s+([\d.]+) - 99%\s+([\d.]+) - 99.9%\s+([\d.]+) - max\s+([\d.]+)"""
            )
        line.findAll(report).forEach {
            val kind = it.groupValues[1].lowercase()
            metrics["${kind}OpsPerSecond"] = it.groupValues[2].toDouble()
            metrics["${kind}P50Millis"] = it.groupValues[3].toDouble()
            metrics["${kind}P99Millis"] = it.groupValues[5].toDouble()
            metrics["${kind}P999Millis"] = it.groupValues[6].toDouble()
            metrics["${kind}MaxMillis"] = it.groupValues[7].toDouble()
        }
        return Figures(metrics)
    }
}
