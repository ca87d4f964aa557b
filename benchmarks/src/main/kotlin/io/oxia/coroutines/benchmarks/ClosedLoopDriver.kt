package io.oxia.coroutines.benchmarks

import java.util.concurrent.atomic.AtomicBoolean
import java.util.concurrent.atomic.AtomicLong
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.delay
import kotlinx.coroutines.launch

/**
 * W1 and W2: [inFlight] coroutines, each issuing its next operation as soon as the previous one
 * completes, so that exactly [inFlight] operations are outstanding. Keys cycle through the data
 * set.
 */
class ClosedLoopDriver(private val parameters: WorkloadParameters, private val inFlight: Int) {
    /** Runs warm-up then measurement, calling [operation] with key indexes. */
    suspend fun run(operation: suspend (Int) -> Unit): CaseResult = coroutineScope {
        val window = MeasurementWindow(countServerRequests = true)
        val next = AtomicLong()
        val stopped = AtomicBoolean(false)
        val loops =
            List(inFlight) {
                launch {
                    while (!stopped.get()) {
                        val index = (next.getAndIncrement() % parameters.keyCount).toInt()
                        val started = System.nanoTime()
                        try {
                            operation(index)
                            window.recorder.recordValue(System.nanoTime() - started)
                        } catch (e: Exception) {
                            window.errors.incrementAndGet()
                        }
                    }
                }
            }
        val warmUp = WarmUp(parameters)
        warmUp.await()
        window.begin(warmUp)
        delay(parameters.measureMillis)
        val result = window.end()
        stopped.set(true)
        loops.forEach { it.join() }
        result
    }
}
