package io.oxia.coroutines.benchmarks

/**
 * What a workload does, identical for both clients: the data set, the value size, the rates. Passed
 * from the orchestrator to each forked worker as `key=value` arguments.
 */
data class WorkloadParameters(
    val warmupMillis: Long,
    val measureMillis: Long,
    val maxWarmupMillis: Long = warmupMillis,
    val valueSize: Int = 100,
    val keyCount: Int = 10_000,
    val rate: Int = 5_000,
    val readPercent: Int = 80,
    val scanRecords: Int = 100_000,
    val scanRepeats: Int = 1,
    val notificationRate: Int = 500,
) {
    /** The arguments that [parse] reads back. */
    fun toArgs(): List<String> =
        listOf(
            "warmupMillis=$warmupMillis",
            "measureMillis=$measureMillis",
            "maxWarmupMillis=$maxWarmupMillis",
            "valueSize=$valueSize",
            "keyCount=$keyCount",
            "rate=$rate",
            "readPercent=$readPercent",
            "scanRecords=$scanRecords",
            "scanRepeats=$scanRepeats",
            "notificationRate=$notificationRate",
        )

    companion object {
        /** The key of record [index] of the key-value data set (W1–W3). */
        fun kvKey(index: Int): String = "/bench/kv/" + index.toString().padStart(5, '0')

        /** The key of record [index] of the scan data set (W4). */
        fun scanKey(index: Int): String = "/bench/scan/" + index.toString().padStart(6, '0')

        /** The bounds of the scan data set. */
        const val SCAN_START: String = "/bench/scan/"
        const val SCAN_END: String = "/bench/scan/~"

        /** Reads the parameters from `key=value` [args]. */
        fun parse(args: Map<String, String>): WorkloadParameters {
            fun int(name: String) = args.getValue(name).toInt()
            return WorkloadParameters(
                warmupMillis = args.getValue("warmupMillis").toLong(),
                measureMillis = args.getValue("measureMillis").toLong(),
                maxWarmupMillis = args.getValue("maxWarmupMillis").toLong(),
                valueSize = int("valueSize"),
                keyCount = int("keyCount"),
                rate = int("rate"),
                readPercent = int("readPercent"),
                scanRecords = int("scanRecords"),
                scanRepeats = int("scanRepeats"),
                notificationRate = int("notificationRate"),
            )
        }
    }
}
