package io.oxia.coroutines.benchmarks

/** The workloads the harness runs, each against both clients. */
enum class Workload(val title: String) {
    /** Puts of 100-byte values over 10k keys, N operations in flight, as fast as possible. */
    W1("async puts"),

    /** Gets of existing keys, N operations in flight, as fast as possible. */
    W2("gets"),

    /** A fixed rate of 80% gets and 20% puts; latency from each operation's intended start. */
    W3("fixed-rate 80/20"),

    /** Range scans over the 100k records of the scan data set, across every shard. */
    W4("range scan"),

    /** Delay from a put to the notification of it. */
    W5("notifications"),
}

/**
 * One measured configuration: a workload and, for W1/W2, the number of operations in flight; for
 * W3, its rate in operations per second (0: the parameters' own).
 */
data class BenchCase(val workload: Workload, val inFlight: Int, val rate: Int = 0) {
    /** A short stable name, e.g. `W1-n1024` or `W3-r1000`. */
    val id: String
        get() =
            when {
                workload.hasInFlight -> "${workload.name}-n$inFlight"
                rate > 0 -> "${workload.name}-r$rate"
                else -> workload.name
            }
}

/** Whether the workload is run once per in-flight limit. */
val Workload.hasInFlight: Boolean
    get() = this == Workload.W1 || this == Workload.W2
