package io.oxia.coroutines.benchmarks

import kotlin.time.Duration.Companion.nanoseconds
import kotlinx.coroutines.delay

/**
 * Ticks [ratePerSecond] times a second: tick `i` is due at `start + i / rate`, whatever the latency
 * of earlier ticks (an open loop). [window] begins with the first tick due after the [WarmUp], and
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
    val warmUp = WarmUp(parameters)
    var until = Long.MAX_VALUE
    var i = 0L
    while (true) {
        val due = start + (i * intervalNanos).toLong()
        if (until == Long.MAX_VALUE && warmUp.isOver) {
            window.begin(warmUp)
            until = due + parameters.measureMillis * 1_000_000
        }
        if (due >= until) return
        val wait = due - System.nanoTime()
        if (wait > 0) delay(wait.nanoseconds)
        tick(i++, due)
    }
}
