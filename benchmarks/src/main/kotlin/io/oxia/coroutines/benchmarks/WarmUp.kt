package io.oxia.coroutines.benchmarks

import java.lang.management.ManagementFactory
import kotlin.concurrent.thread
import kotlinx.coroutines.CompletableDeferred

/**
 * A worker's warm-up, which starts when this is created: at least
 * [WorkloadParameters.warmupMillis], then on until the JIT compilers spent at most
 * [QUIET_JIT_MILLIS] in the last [QUIET_SPAN_SECONDS] seconds, and at most
 * [WorkloadParameters.maxWarmupMillis] in all. On two cores that the server shares, how long the
 * compilers stay busy depends on the machine and the client: a fixed warm-up long enough for one
 * leaves compiler work in the measured window of another, where it counts as the client's CPU. Each
 * client warms up until its own compilers settle.
 *
 * The compilers are watched from a plain thread: a coroutine waking every second would run through
 * the dispatcher's hot code with types the workload never uses and make the compilers redo it.
 */
class WarmUp(private val parameters: WorkloadParameters) {
    private val compiler =
        ManagementFactory.getCompilationMXBean()?.takeIf {
            it.isCompilationTimeMonitoringSupported
        }
    private val started = System.nanoTime()
    private val over = CompletableDeferred<Unit>()

    /** How long the warm-up took, once it is over. */
    @Volatile
    var seconds: Double = 0.0
        private set

    /** Whether the warm-up is over. */
    val isOver: Boolean
        get() = over.isCompleted

    init {
        thread(isDaemon = true, name = "bench-warm-up") { watch() }
    }

    /** Suspends until the warm-up is over. */
    suspend fun await() {
        over.await()
    }

    private fun watch() {
        // The compilers' total time at each of the last seconds, oldest first.
        val readings = ArrayDeque<Long>()
        while (true) {
            Thread.sleep(CHECK_MILLIS)
            val elapsed = (System.nanoTime() - started) / 1_000_000
            if (elapsed >= parameters.maxWarmupMillis && elapsed >= parameters.warmupMillis) break
            readings.addLast(compiler?.totalCompilationTime ?: 0)
            if (readings.size > QUIET_SPAN_SECONDS) readings.removeFirst()
            val quiet =
                readings.size == QUIET_SPAN_SECONDS &&
                    readings.last() - readings.first() <= QUIET_JIT_MILLIS
            if (elapsed >= parameters.warmupMillis && quiet) break
        }
        seconds = (System.nanoTime() - started) / 1e9
        over.complete(Unit)
    }

    private companion object {
        const val CHECK_MILLIS = 1000L
        const val QUIET_SPAN_SECONDS = 5
        // 2 % of one core over the span: what is left once the hot paths are compiled.
        const val QUIET_JIT_MILLIS = 100L
    }
}
