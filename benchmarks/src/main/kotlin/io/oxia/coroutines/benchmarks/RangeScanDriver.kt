package io.oxia.coroutines.benchmarks

/**
 * W4: full scans of the scan data set, one after another. Warm-up scans run for the [WarmUp] (at
 * least one); then [WorkloadParameters.scanRepeats] scans are measured. Each scan's time is a
 * latency sample; operations are records, so CPU and allocation come per record. The peak heap is
 * the sampled used heap above the live set measured after a full GC just before the measured scans.
 */
class RangeScanDriver(private val parameters: WorkloadParameters) {
    /** Runs warm-up then measurement; [scan] returns the number of records it saw. */
    suspend fun run(scan: suspend () -> Long): CaseResult {
        val warmUp = WarmUp(parameters)
        do {
            scan()
        } while (!warmUp.isOver)
        val window = MeasurementWindow()
        val baseline = HeapSampler.liveBytesAfterGc()
        var records = 0L
        var wrongCounts = 0L
        var scanNanos = 0L
        HeapSampler().use { sampler ->
            window.begin(warmUp)
            repeat(parameters.scanRepeats) {
                val started = System.nanoTime()
                val seen = scan()
                val took = System.nanoTime() - started
                window.recorder.recordValue(took)
                scanNanos += took
                records += seen
                if (seen != parameters.scanRecords.toLong()) wrongCounts++
            }
            val peak = sampler.peakBytes
            val result =
                window.end(
                    operations = records,
                    extra =
                        mapOf(
                            "scanMillis" to scanNanos / 1e6 / parameters.scanRepeats,
                            "peakHeapMegabytes" to (peak - baseline) / 1048576.0,
                            "liveHeapBeforeMegabytes" to baseline / 1048576.0,
                        ),
                )
            return result.copy(errors = result.errors + wrongCounts)
        }
    }
}
