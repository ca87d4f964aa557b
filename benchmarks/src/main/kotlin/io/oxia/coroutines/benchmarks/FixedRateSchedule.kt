package io.oxia.coroutines.benchmarks

import kotlin.time.Duration.Companion.nanoseconds
import kotlinx.coroutines.delay

/**
 * Ticks [ratePerSecond] times a second: tick `i` is due at `start + i / rate`, whatever the latency
 * of earlier ticks (an open loop). [window] begins with the first tick due after the warm-up, and
 * ticking stops at the end of the measured time. [tick] gets the tick number and the time it was
 * due ([System.nanoTime]), from which its latency is to be measured.
 */
suspend fun tickAtFixedRate(
    ratePerSecond: Int,
    parameters: WorkloadParameters,
    window: MeasurementWindow,
    tick: (i: Long, dueNanos: Long) -> Unit,
) {
    val intervalNanos = 1_000_000_000.0 / ratePerSecond
    val start = System.nanoTime()
    val measureFrom = start + parameters.warmupMillis * 1_000_000
    val until = measureFrom + parameters.measureMillis * 1_000_000
    var begun = false
    var i = 0L
    while (true) {
        val due = start + (i * intervalNanos).toLong()
        if (!begun && due >= measureFrom) {
            window.begin()
            begun = true
        }
        if (due >= until) return
        val wait = due - System.nanoTime()
        if (wait > 0) delay(wait.nanoseconds)
        tick(i++, due)
    }
}
