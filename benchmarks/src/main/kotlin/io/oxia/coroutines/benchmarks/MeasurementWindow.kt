package io.oxia.coroutines.benchmarks

import java.util.concurrent.atomic.AtomicLong
import org.HdrHistogram.Recorder

/**
 * The measured part of a worker's run: latencies recorded (in nanoseconds) between [begin] and
 * [end] go into the result, together with the CPU time and allocation of the whole process over the
 * same interval. Recording is wait-free and allocation-free.
 *
 * With [countServerRequests] (W1 to W3, whose operations are the server's requests' contents) it
 * also reads the server's request counters (see [ServerRequests]) just before the window opens and
 * just after it closes, outside the interval the other figures cover, after one read at creation
 * that loads the HTTP client before the warm-up.
 */
class MeasurementWindow(
    countServerRequests: Boolean = false,
    private val meter: ResourceMeter = ResourceMeter(),
) {
    /** Where drivers record each operation's latency in nanoseconds. */
    val recorder: Recorder = Recorder(3)

    /** Failed operations since [begin]. */
    val errors: AtomicLong = AtomicLong()

    private var start: ResourceMeter.Reading? = null
    private val parts = LinkedHashMap<String, Recorder>()
    private var warmUpSeconds: Double? = null
    private val serverMetrics =
        System.getProperty("oxia.bench.serverMetrics")?.takeIf { countServerRequests }
    private var requestsAtStart: Long? = serverMetrics?.let(ServerRequests::read)

    /**
     * Starts the window: latencies and counters from now on count. [warmUp], when given, is over
     * and its length goes into the result.
     */
    fun begin(warmUp: WarmUp? = null) {
        requestsAtStart = serverMetrics?.let(ServerRequests::read)
        warmUpSeconds = warmUp?.seconds
        parts.values.forEach { it.reset() }
        recorder.reset()
        errors.set(0)
        start = meter.read()
    }

    /**
     * A second recorder for one kind of operation (its latencies go to [recorder] too), whose p99
     * the result reports as `<name>P99Micros`. To be asked for before [begin].
     */
    fun partRecorder(name: String): Recorder = parts.getOrPut(name) { Recorder(3) }

    /**
     * Ends the window. [operations] defaults to the number of latencies recorded; [extra] adds
     * workload-specific figures.
     */
    fun end(operations: Long? = null, extra: Map<String, Double> = emptyMap()): CaseResult {
        val end = meter.read()
        val histogram = recorder.intervalHistogram
        val requestsAtEnd = serverMetrics?.let(ServerRequests::read)
        val begun = checkNotNull(start) { "end() before begin()" }
        val ops = (operations ?: histogram.totalCount).coerceAtLeast(1)
        fun micros(percentile: Double) = histogram.getValueAtPercentile(percentile) / 1000.0
        return CaseResult(
            operations = ops,
            seconds = (end.nanoTime - begun.nanoTime) / 1e9,
            p50Micros = micros(50.0),
            p99Micros = micros(99.0),
            p999Micros = micros(99.9),
            cpuNanosPerOp = (end.cpuNanos - begun.cpuNanos).toDouble() / ops,
            allocatedBytesPerOp = meter.allocatedBetween(begun, end).toDouble() / ops,
            gcCount = end.gcCount - begun.gcCount,
            errors = errors.get(),
            // JIT compilation inside the window inflates CPU per operation: a warm-up that is too
            // short for the workload shows here.
            extra =
                extra +
                    serverCpu(begun, end, ops) +
                    ("jitMillis" to jit(begun, end)) +
                    listOfNotNull(
                        warmUpSeconds?.let { "warmupSeconds" to it },
                        steal(begun, end)?.let { "stealPercent" to it },
                        opsPerRequest(requestsAtEnd, ops)?.let { "opsPerServerRequest" to it },
                    ) +
                    parts.map { (name, part) ->
                        "${name}P99Micros" to
                            part.intervalHistogram.getValueAtPercentile(99.0) / 1000.0
                    },
        )
    }

    private fun steal(start: ResourceMeter.Reading, end: ResourceMeter.Reading): Double? {
        val from = start.machine ?: return null
        val to = end.machine ?: return null
        return MachineTicks.stealPercent(from, to)
    }

    private fun opsPerRequest(requestsAtEnd: Long?, ops: Long): Double? {
        val requests = (requestsAtEnd ?: return null) - (requestsAtStart ?: return null)
        return if (requests > 0) ops.toDouble() / requests else null
    }

    private fun jit(start: ResourceMeter.Reading, end: ResourceMeter.Reading) =
        (end.jitMillis - start.jitMillis).toDouble()

    // The server shares the machine: its CPU per operation shows what a client's batching saves.
    private fun serverCpu(start: ResourceMeter.Reading, end: ResourceMeter.Reading, ops: Long) =
        if (start.serverCpuNanos == null || end.serverCpuNanos == null) emptyMap()
        else
            mapOf("serverCpuMicrosPerOp" to (end.serverCpuNanos - start.serverCpuNanos) / 1e3 / ops)
}
