package io.oxia.coroutines.benchmarks

import io.oxia.coroutines.testing.OxiaBinary
import java.io.File

/**
 * Everything a run is configured with, from the command line of [BenchmarkMain]:
 * - `--mode smoke|full`: the durations below (smoke: 2 s warm-up, 3 s measured, about 2 minutes in
 *   all; full: 15 s warm-up or more (see [WarmUp]), 10 s measured, 2 rounds, 20 to 25 minutes);
 * - `--warmup 5s`, `--measure 15s`, `--rounds 2`: override the mode's durations and rounds;
 * - `--max-warmup 60s`: how far the warm-up may go on while the JIT compilers are busy (see
 *   [WarmUp]; full mode: 60 s, smoke mode: no longer than `--warmup`);
 * - `--workloads W1,W3`, `--inflight 1,64,1024`, `--rates 1000,5000` (W3's operations per second),
 *   `--clients ours,official`: a subset;
 * - `--out DIR`: where `results.json`, `results.md` and worker logs go (a path ending in `.json`
 *   names the JSON file itself);
 * - `--jvm-args "-Xms1g -Xmx1g"`: the flags of every worker JVM;
 * - `--jfr DIR`: record each worker with Java Flight Recorder into DIR;
 * - `--server-version v0.17.1` (default: the test kit's configured version), `--shards 4`,
 *   `--perf-binary PATH` or `--no-perf`.
 */
data class BenchmarkSettings(
    val mode: String,
    val parameters: WorkloadParameters,
    val rounds: Int,
    val workloads: List<Workload>,
    val inFlight: List<Int>,
    val rates: List<Int>,
    val clients: List<ClientKind>,
    val outDir: File,
    val jsonFile: File,
    val jvmArgs: List<String>,
    val jfrDir: File?,
    val serverVersion: String,
    val shards: Int,
    val perfBinary: File?,
    val perfSeconds: Int,
    /** Which binary runs `oxia perf`, for the report. */
    val perfSource: String = "the $PERF_VERSION binary",
) {
    /** The measured cases, in run order. */
    val cases: List<BenchCase>
        get() = workloads.flatMap { workload ->
            when {
                workload.hasInFlight -> inFlight.map { BenchCase(workload, it) }
                workload == Workload.W3 -> rates.map { BenchCase(workload, 1, it) }
                else -> listOf(BenchCase(workload, 1))
            }
        }

    companion object {
        /** The worker JVM flags unless `--jvm-args` says otherwise. */
        val DEFAULT_JVM_ARGS: List<String> = listOf("-Xms1g", "-Xmx1g", "-XX:+UseG1GC")

        /** The version whose binary runs `oxia perf` when the server's own binary has no perf. */
        const val PERF_VERSION: String = "v0.14.0"

        /** Parses the command line; see the class documentation. */
        fun parse(args: Array<String>): BenchmarkSettings {
            val options = HashMap<String, String>()
            var i = 0
            while (i < args.size) {
                val name = args[i].removePrefix("--")
                require(args[i].startsWith("--")) { "unexpected argument '${args[i]}'" }
                if (name == "no-perf") options[name] = "true"
                else options[name] = args.getOrNull(++i) ?: error("--$name needs a value")
                i++
            }
            val mode = options["mode"] ?: "smoke"
            val full = mode == "full"
            require(full || mode == "smoke") { "--mode is smoke or full" }
            val out = File(options["out"] ?: "benchmarks/target/benchmarks")
            val outDir = if (out.name.endsWith(".json")) out.absoluteFile.parentFile else out
            // The test kit's: v0.17.1 when OXIA_SERVER_SOURCE names its source, as in CI.
            val serverVersion = options["server-version"] ?: OxiaBinary.configuredVersion()
            // Oxia's own CLI has a perf command (v0.14.0's binary, and every release from v0.16,
            // built from its source); v0.15.0's binary here is this project's launcher, without.
            val perfVersion = if (serverVersion == "v0.15.0") PERF_VERSION else serverVersion
            val perf =
                options["perf-binary"]?.let(::File)
                    ?: if (options["no-perf"] != null) null
                    else runCatching { OxiaBinary.resolve(perfVersion).toFile() }.getOrNull()
            val warmup = millis(options["warmup"] ?: if (full) "15s" else "2s")
            return BenchmarkSettings(
                mode = mode,
                parameters =
                    WorkloadParameters(
                        warmupMillis = warmup,
                        measureMillis = millis(options["measure"] ?: if (full) "10s" else "3s"),
                        maxWarmupMillis =
                            maxOf(
                                warmup,
                                options["max-warmup"]?.let(::millis) ?: if (full) 60_000 else 0,
                            ),
                        scanRepeats = if (full) 5 else 2,
                    ),
                rounds = (options["rounds"] ?: if (full) "2" else "1").toInt(),
                workloads =
                    options["workloads"]?.split(',')?.map { Workload.valueOf(it.trim()) }
                        ?: Workload.entries,
                inFlight =
                    (options["inflight"] ?: "1,64,1024").split(',').map { it.trim().toInt() },
                rates = (options["rates"] ?: "1000,5000").split(',').map { it.trim().toInt() },
                clients =
                    (options["clients"] ?: "ours,official").split(',').map {
                        ClientKind.of(it.trim())
                    },
                outDir = outDir,
                jsonFile = if (out.name.endsWith(".json")) out else File(out, "results.json"),
                jvmArgs =
                    options["jvm-args"]?.split(' ')?.filter { it.isNotBlank() } ?: DEFAULT_JVM_ARGS,
                jfrDir = options["jfr"]?.let(::File),
                serverVersion = serverVersion,
                shards = (options["shards"] ?: "4").toInt(),
                perfBinary = perf?.takeIf { options["no-perf"] == null && it.canExecute() },
                perfSeconds = if (full) 32 else 12,
                perfSource =
                    options["perf-binary"]?.let { "the binary $it" } ?: "the $perfVersion binary",
            )
        }

        private fun millis(text: String): Long =
            when {
                text.endsWith("ms") -> text.removeSuffix("ms").toLong()
                text.endsWith("s") -> text.removeSuffix("s").toLong() * 1000
                else -> text.toLong()
            }
    }
}
