package io.oxia.coroutines.benchmarks

import java.lang.management.ManagementFactory

/**
 * Samples the used heap every millisecond on a daemon thread and keeps the largest value seen. The
 * figure includes garbage not yet collected; the baseline taken after a full GC before sampling
 * starts is subtracted by the caller.
 */
class HeapSampler : AutoCloseable {
    private val memory = ManagementFactory.getMemoryMXBean()
    @Volatile private var running = true
    @Volatile private var peak = 0L
    private val thread =
        Thread(
                {
                    while (running) {
                        val used = memory.heapMemoryUsage.used
                        if (used > peak) peak = used
                        Thread.sleep(1)
                    }
                },
                "heap-sampler",
            )
            .apply {
                isDaemon = true
                start()
            }

    /** The largest used heap seen so far, in bytes. */
    val peakBytes: Long
        get() = maxOf(peak, memory.heapMemoryUsage.used)

    override fun close() {
        running = false
        thread.join()
    }

    companion object {
        /**
         * The heap used right after a full GC: the live set the sampler's peak is compared with.
         */
        fun liveBytesAfterGc(): Long {
            System.gc()
            Thread.sleep(100)
            return ManagementFactory.getMemoryMXBean().heapMemoryUsage.used
        }
    }
}
