package io.oxia.coroutines.benchmarks

import java.util.Locale

/**
 * Renders a [Summary] as a markdown table: one row per case and metric, both clients side by side.
 */
object MarkdownReport {
    private class Row(val label: String, val metric: String, val scale: Double = 1.0)

    private val operationRows =
        listOf(
            Row("ops/s", "opsPerSecond"),
            Row("p50 ms", "p50Micros", 1e-3),
            Row("p99 ms", "p99Micros", 1e-3),
            Row("p99.9 ms", "p999Micros", 1e-3),
            Row("CPU µs/op", "cpuMicrosPerOp"),
            Row("server CPU µs/op", "serverCpuMicrosPerOp"),
            Row("ops per server request", "opsPerServerRequest"),
            Row("alloc B/op", "allocatedBytesPerOp"),
            Row("JIT ms in window", "jitMillis"),
            Row("warm-up s", "warmupSeconds"),
            Row("machine steal %", "stealPercent"),
        )

    private fun rowsFor(workload: Workload): List<Row> =
        when (workload) {
            Workload.W1,
            Workload.W2 -> operationRows
            Workload.W3 ->
                operationRows +
                    listOf(
                        Row("get p99 ms", "readP99Micros", 1e-3),
                        Row("put p99 ms", "writeP99Micros", 1e-3),
                    )
            Workload.W4 ->
                listOf(
                    Row("scan ms", "scanMillis"),
                    Row("records/s", "opsPerSecond"),
                    Row("peak heap MB", "peakHeapMegabytes"),
                    Row("CPU µs/record", "cpuMicrosPerOp"),
                    Row("alloc B/record", "allocatedBytesPerOp"),
                )
            Workload.W5 ->
                listOf(
                    Row("notifications/s", "opsPerSecond"),
                    Row("delay p50 ms", "p50Micros", 1e-3),
                    Row("delay p99 ms", "p99Micros", 1e-3),
                    Row("CPU µs/notification", "cpuMicrosPerOp"),
                    Row("alloc B/notification", "allocatedBytesPerOp"),
                )
        }

    /** The report. */
    fun render(summary: Summary): String = buildString {
        val settings = summary.settings
        appendLine("# Oxia client benchmarks (${settings.mode})")
        appendLine()
        appendLine(
            "Server ${settings.serverVersion}, ${settings.shards} shards; worker JVM flags " +
                "`${settings.jvmArgs.joinToString(" ")}`; warm-up ${settings.parameters.warmupMillis} ms " +
                "(on until the JIT compilers are quiet, ${settings.parameters.maxWarmupMillis} ms at most), " +
                "measured ${settings.parameters.measureMillis} ms, ${settings.rounds} round(s), median shown." +
                if (settings.rounds > 1)
                    " The ratio column adds the lowest and highest of the rounds' own ratios."
                else ""
        )
        appendLine()
        appendLine("| case | metric | ours | official | ours/official |")
        appendLine("|---|---|---:|---:|---:|")
        for (case in summary.results.keys) {
            val ours = summary.median(case, ClientKind.OURS)
            val theirs = summary.median(case, ClientKind.OFFICIAL)
            val label = "${case.id} ${case.workload.title}"
            val rows = rowsFor(case.workload) + Row("errors", "errors")
            for (row in rows) {
                if (
                    row.metric == "errors" &&
                        (ours["errors"] ?: 0.0) + (theirs["errors"] ?: 0.0) == 0.0
                )
                    continue
                val ratio = ratioCell(summary, case, row.metric)
                appendLine(
                    "| $label | ${row.label} | ${cell(ours[row.metric], row.scale)} | " +
                        "${cell(theirs[row.metric], row.scale)} | $ratio |"
                )
            }
        }
        jitWarning(summary)?.let {
            appendLine()
            appendLine(it)
        }
        summary.perf?.let { perf ->
            appendLine()
            appendLine(
                "`oxia perf` (the Go client, ${settings.perfSource}) with W3's settings " +
                    "(rate ${settings.parameters.rate}/s, ${settings.parameters.readPercent}% reads, " +
                    "${settings.parameters.valueSize}-byte values, ${settings.parameters.keyCount} keys), last 10 s report:"
            )
            appendLine()
            appendLine("| metric | value |")
            appendLine("|---|---:|")
            perf.metrics.forEach { (name, value) -> appendLine("| $name | ${format(value, 2)} |") }
        }
    }

    /**
     * Names the cases whose measured window spent more than [JIT_WARNING_SHARE] of its time in the
     * JIT compiler for either client: their CPU figures are not steady-state ones.
     */
    private fun jitWarning(summary: Summary): String? {
        val limit = summary.settings.parameters.measureMillis * JIT_WARNING_SHARE
        val unsettled =
            summary.results.keys.filter { case ->
                ClientKind.entries.any { (summary.median(case, it)["jitMillis"] ?: 0.0) > limit }
            }
        if (unsettled.isEmpty()) return null
        return "JIT compilation took more than ${(JIT_WARNING_SHARE * 100).toInt()} % of the " +
            "measured window in ${unsettled.joinToString { it.id }}: CPU per operation there " +
            "includes the compiler's work; a longer `--max-warmup` gives steady-state figures."
    }

    private const val JIT_WARNING_SHARE = 0.1

    /**
     * The ratio of the medians, then the range of the rounds' own ratios when there are several.
     */
    private fun ratioCell(summary: Summary, case: BenchCase, metric: String): String {
        val ratio = summary.ratio(case, metric) ?: return "–"
        val range = summary.ratioRange(case, metric) ?: return format(ratio, 2)
        return "${format(ratio, 2)} (${format(range.start, 2)}–${format(range.endInclusive, 2)})"
    }

    private fun cell(value: Double?, scale: Double): String =
        value?.let { format(it * scale, if (it * scale >= 100) 0 else 2) } ?: "–"

    private fun format(value: Double, decimals: Int): String =
        String.format(Locale.ROOT, "%,.${decimals}f", value)
}
