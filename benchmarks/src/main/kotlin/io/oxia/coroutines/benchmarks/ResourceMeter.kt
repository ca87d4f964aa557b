package io.oxia.coroutines.benchmarks

import com.sun.management.OperatingSystemMXBean
import com.sun.management.ThreadMXBean
import java.lang.management.ManagementFactory

/**
 * Process CPU time, bytes allocated by all live threads, GC count, time spent in the JIT compiler,
 * the Oxia server's CPU time (when the system property `oxia.bench.serverPid` names its process),
 * and the machine's CPU ticks (see [MachineTicks]), read at the start and end of a measurement
 * window. Allocation is summed per thread (`ThreadMXBean.getThreadAllocatedBytes`); a thread that
 * dies inside the window loses its share, which is why workers keep their thread pools alive
 * throughout.
 */
class ResourceMeter {
    private val os = ManagementFactory.getOperatingSystemMXBean() as OperatingSystemMXBean
    private val threads = ManagementFactory.getThreadMXBean() as ThreadMXBean
    private val gcs = ManagementFactory.getGarbageCollectorMXBeans()
    private val compiler = ManagementFactory.getCompilationMXBean()
    private val server =
        System.getProperty("oxia.bench.serverPid")?.toLongOrNull()?.let { ProcessHandle.of(it) }

    /** One reading. */
    class Reading(
        val cpuNanos: Long,
        val allocatedByThread: Map<Long, Long>,
        val gcCount: Long,
        val jitMillis: Long,
        val nanoTime: Long,
        val serverCpuNanos: Long?,
        val machine: MachineTicks?,
    )

    /** Reads the counters now. */
    fun read(): Reading {
        val ids = threads.allThreadIds
        val allocated = threads.getThreadAllocatedBytes(ids)
        val byThread = HashMap<Long, Long>(ids.size)
        ids.indices.forEach { if (allocated[it] >= 0) byThread[ids[it]] = allocated[it] }
        return Reading(
            os.processCpuTime,
            byThread,
            gcs.sumOf { it.collectionCount.coerceAtLeast(0) },
            compiler?.takeIf { it.isCompilationTimeMonitoringSupported }?.totalCompilationTime ?: 0,
            System.nanoTime(),
            server?.orElse(null)?.info()?.totalCpuDuration()?.orElse(null)?.toNanos(),
            MachineTicks.read(),
        )
    }

    /** Bytes allocated between [start] and [end], by threads alive at [end]. */
    fun allocatedBetween(start: Reading, end: Reading): Long =
        end.allocatedByThread.entries.sumOf { (id, bytes) ->
            bytes - (start.allocatedByThread[id] ?: 0L)
        }
}
