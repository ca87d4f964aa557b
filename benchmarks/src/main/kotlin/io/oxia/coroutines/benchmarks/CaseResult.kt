package io.oxia.coroutines.benchmarks

import java.io.File
import java.util.Properties

/**
 * What one worker measured in its measurement window. Latencies are in microseconds; `extra` holds
 * workload-specific figures (scan time, peak heap).
 */
data class CaseResult(
    val operations: Long,
    val seconds: Double,
    val p50Micros: Double,
    val p99Micros: Double,
    val p999Micros: Double,
    val cpuNanosPerOp: Double,
    val allocatedBytesPerOp: Double,
    val gcCount: Long,
    val errors: Long,
    val extra: Map<String, Double> = emptyMap(),
) {
    /** Operations per second in the window. */
    val opsPerSecond: Double
        get() = if (seconds > 0) operations / seconds else 0.0

    /** Every figure by name, the form the reports use. */
    fun metrics(): Map<String, Double> =
        linkedMapOf(
            "opsPerSecond" to opsPerSecond,
            "p50Micros" to p50Micros,
            "p99Micros" to p99Micros,
            "p999Micros" to p999Micros,
            "cpuMicrosPerOp" to cpuNanosPerOp / 1000,
            "allocatedBytesPerOp" to allocatedBytesPerOp,
            "operations" to operations.toDouble(),
            "seconds" to seconds,
            "gcCount" to gcCount.toDouble(),
            "errors" to errors.toDouble(),
        ) + extra

    /** Writes the result to [file] for the orchestrator. */
    fun writeTo(file: File) {
        val properties = Properties()
        metrics().forEach { (name, value) -> properties.setProperty(name, value.toString()) }
        properties.setProperty("cpuNanosPerOp", cpuNanosPerOp.toString())
        file.outputStream().use { properties.store(it, null) }
    }

    companion object {
        private val BASE =
            setOf(
                "opsPerSecond",
                "p50Micros",
                "p99Micros",
                "p999Micros",
                "cpuMicrosPerOp",
                "cpuNanosPerOp",
                "allocatedBytesPerOp",
                "operations",
                "seconds",
                "gcCount",
                "errors",
            )

        /** Reads a result that [writeTo] wrote. */
        fun readFrom(file: File): CaseResult {
            val properties = Properties()
            file.inputStream().use { properties.load(it) }
            val values =
                properties.stringPropertyNames().associateWith {
                    properties.getProperty(it).toDouble()
                }
            return CaseResult(
                operations = values.getValue("operations").toLong(),
                seconds = values.getValue("seconds"),
                p50Micros = values.getValue("p50Micros"),
                p99Micros = values.getValue("p99Micros"),
                p999Micros = values.getValue("p999Micros"),
                cpuNanosPerOp = values.getValue("cpuNanosPerOp"),
                allocatedBytesPerOp = values.getValue("allocatedBytesPerOp"),
                gcCount = values.getValue("gcCount").toLong(),
                errors = values.getValue("errors").toLong(),
                extra = values.filterKeys { it !in BASE },
            )
        }
    }
}
