package io.oxia.coroutines.benchmarks

import java.io.File

/**
 * The whole machine's CPU time so far, from the `cpu` line of Linux's `/proc/stat` (all cores, in
 * clock ticks): in all, and the part the hypervisor gave to other guests while this one wanted to
 * run (steal). Steal over a measurement window shows how much of the machine a benchmark really
 * had: on a shared virtual machine it comes and goes, and every client's and the server's figures
 * move with it.
 */
class MachineTicks(val steal: Long, val total: Long) {
    companion object {
        private const val STEAL = 7

        /** Reads the counters now; `null` where there is no `/proc/stat`. */
        fun read(): MachineTicks? = runCatching {
            val line =
                File("/proc/stat").useLines { lines -> lines.first { it.startsWith("cpu ") } }
            // user nice system idle iowait irq softirq steal [guest guest_nice]: guest time is
            // already counted in user, so only the first eight make up the total.
            val ticks = line.trim().split(Regex("\\s+")).drop(1).take(STEAL + 1).map { it.toLong() }
            MachineTicks(ticks.getOrElse(STEAL) { 0L }, ticks.sum())
        }
            .getOrNull()

        /** Steal between [start] and [end] as a percentage of all the machine's CPU time. */
        fun stealPercent(start: MachineTicks, end: MachineTicks): Double? {
            val total = end.total - start.total
            return if (total <= 0) null else (end.steal - start.steal) * 100.0 / total
        }
    }
}
