package io.oxia.coroutines.benchmarks

/**
 * The operations a workload needs, implemented once per client so that every workload runs the same
 * code against both. Each implementation uses its client's own defaults.
 */
interface BenchClient : AutoCloseable {
    /** Writes [value] under [key] unconditionally. */
    suspend fun put(key: String, value: ByteArray)

    /** Reads [key]; `null` when it is missing. */
    suspend fun get(key: String): ByteArray?

    /** Scans [[start], [end]) across every shard and returns how many records arrived. */
    suspend fun scan(start: String, end: String): Long

    /**
     * Subscribes to the namespace's notifications, calling [onKey] with each changed key until the
     * client closes.
     */
    fun subscribe(onKey: (String) -> Unit)
}
