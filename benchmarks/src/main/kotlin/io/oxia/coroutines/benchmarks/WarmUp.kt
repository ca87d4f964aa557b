package io.oxia.coroutines.benchmarks

import java.lang.management.ManagementFactory
import kotlinx.coroutines.delay

/**
 * A worker's warm-up: at least [WorkloadParameters.warmupMillis], then on, a second at a time,
 * until the JIT compilers spent at most [QUIET_JIT_MILLIS] in the last second, and at most
 * [WorkloadParameters.maxWarmupMillis] in all. On two cores that the server shares, how long the
 * compilers stay busy depends on the machine: a fixed warm-up long enough on one machine leaves the
 * compilers' work in the measured window on a slower one, where it counts as the client's CPU. Each
 * client warms up until its own compilers settle.
 */
class WarmUp(private val parameters: WorkloadParameters) {
    private val compiler =
        ManagementFactory.getCompilationMXBean()?.takeIf {
            it.isCompilationTimeMonitoringSupported
        }
    private val started = System.nanoTime()

    /** How long the warm-up took, once [await] has returned. */
    @Volatile
    var seconds: Double = 0.0
        private set

    /** Suspends until the warm-up is over. */
    suspend fun await() {
        delay(parameters.warmupMillis)
        while (compiler != null && elapsedMillis() < parameters.maxWarmupMillis) {
            val before = compiler.totalCompilationTime
            delay(CHECK_MILLIS)
            if (compiler.totalCompilationTime - before <= QUIET_JIT_MILLIS) break
        }
        seconds = elapsedMillis() / 1000.0
    }

    private fun elapsedMillis() = (System.nanoTime() - started) / 1_000_000

    private companion object {
        const val CHECK_MILLIS = 1000L
        // 2 % of one core: what is left once the hot paths are compiled.
        const val QUIET_JIT_MILLIS = 20L
    }
}
