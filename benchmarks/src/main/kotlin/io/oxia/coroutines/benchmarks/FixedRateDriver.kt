package io.oxia.coroutines.benchmarks

import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.job
import kotlinx.coroutines.launch

/**
 * W3: an open loop issuing operations at a fixed rate whatever the client's latency. Operation `i`
 * is due at `start + i / rate`; its latency is measured from that intended time, not from when it
 * was actually issued, so a stalled client is charged for the operations it delayed (no coordinated
 * omission). Reads and writes are spread evenly: with [WorkloadParameters.readPercent] 80, every
 * fifth operation is a put.
 */
class FixedRateDriver(private val parameters: WorkloadParameters) {
    /** Runs warm-up then measurement; [operation] gets the key index and whether to read. */
    suspend fun run(operation: suspend (index: Int, read: Boolean) -> Unit): CaseResult =
        coroutineScope {
            val window = MeasurementWindow(countServerRequests = true)
            val reads = window.partRecorder("read")
            val writes = window.partRecorder("write")
            tickAtFixedRate(parameters.rate, parameters, window) { i, due ->
                val index = (i % parameters.keyCount).toInt()
                val read = (i + 1) * parameters.readPercent / 100 > i * parameters.readPercent / 100
                launch {
                    try {
                        operation(index, read)
                        val latency = System.nanoTime() - due
                        window.recorder.recordValue(latency)
                        (if (read) reads else writes).recordValue(latency)
                    } catch (e: Exception) {
                        window.errors.incrementAndGet()
                    }
                }
            }
            // Operations still in flight at the end are waited for, and counted.
            coroutineContext.job.children.forEach { it.join() }
            window.end()
        }
}
