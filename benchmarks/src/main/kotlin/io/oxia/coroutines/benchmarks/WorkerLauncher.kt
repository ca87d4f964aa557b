package io.oxia.coroutines.benchmarks

import java.io.File
import java.util.concurrent.TimeUnit

/**
 * Forks one [WorkerMain] JVM per client and case, with the same java binary, class path (a snapshot
 * taken once, see [ClassPathSnapshot]) and JVM flags for every worker, and reads back its
 * [CaseResult]. The worker's output goes to a log file under `logs/`.
 */
class WorkerLauncher(
    private val settings: BenchmarkSettings,
    private val address: String,
    private val serverPid: Long,
    private val serverMetrics: String,
) {
    private val java =
        ProcessHandle.current()
            .info()
            .command()
            .orElse(File(System.getProperty("java.home"), "bin/java").path)
    private val logs = File(settings.outDir, "logs").apply { mkdirs() }
    private val classPath = ClassPathSnapshot.take(File(settings.outDir, "classpath"))

    /** Runs [kind] on [case] in a fresh JVM; `null` (and a message) when the worker failed. */
    fun run(kind: ClientKind, case: BenchCase, round: Int): CaseResult? {
        val name = "${case.id}-${kind.label}-r$round"
        val resultFile = File(logs, "$name.properties").apply { delete() }
        val log = File(logs, "$name.log")
        val jfr =
            settings.jfrDir?.let {
                it.mkdirs()
                listOf(
                    "-XX:StartFlightRecording=settings=profile,filename=${File(it, "$name.jfr").absolutePath}"
                )
            } ?: emptyList()
        val command =
            listOf(java) +
                settings.jvmArgs +
                jfr +
                listOf(
                    "-Doxia.bench.serverPid=$serverPid",
                    "-Doxia.bench.serverMetrics=$serverMetrics",
                ) +
                listOf("-cp", classPath, WorkerMain::class.java.name) +
                listOf(
                    "client=${kind.label}",
                    "workload=${case.workload.name}",
                    "inFlight=${case.inFlight}",
                    "address=$address",
                    "result=${resultFile.absolutePath}",
                ) +
                settings.parameters.toArgs() +
                // After the parameters: the case's own rate wins.
                listOfNotNull(case.rate.takeIf { it > 0 }?.let { "rate=$it" })
        val process = ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log).start()
        val limitSeconds =
            (settings.parameters.maxWarmupMillis + settings.parameters.measureMillis) / 1000 + 180
        if (!process.waitFor(limitSeconds, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor()
            println("  $name: timed out after $limitSeconds s; see $log")
            return null
        }
        if (process.exitValue() != 0 || !resultFile.exists()) {
            println("  $name: failed (exit ${process.exitValue()}); see $log")
            return null
        }
        return CaseResult.readFrom(resultFile)
    }
}
