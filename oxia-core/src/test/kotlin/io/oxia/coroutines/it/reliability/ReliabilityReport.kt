package io.oxia.coroutines.it.reliability

import java.nio.file.Files
import java.nio.file.Path
import java.nio.file.Paths
import java.nio.file.StandardOpenOption.APPEND
import java.nio.file.StandardOpenOption.CREATE

/**
 * Collects the figures of a reliability spec as markdown lines, printed and appended to
 * `target/reliability/<name>.md`, so a run leaves a report to quote.
 */
class ReliabilityReport(name: String) {
    private val file: Path = Paths.get("target", "reliability", "$name.md")

    init {
        Files.createDirectories(file.parent)
        Files.deleteIfExists(file)
    }

    /** Adds [line] to the report. */
    fun line(line: String) {
        println(line)
        Files.writeString(file, line + "\n", CREATE, APPEND)
    }
}

/** Milliseconds between two [System.nanoTime] values. */
fun millisBetween(fromNanos: Long, toNanos: Long): Long = (toNanos - fromNanos) / 1_000_000

/** Counts failed calls by exception type, e.g. `2 × OutcomeUnknownException (writes)`. */
fun describeErrors(errors: List<SteadyLoad.Call>): String =
    if (errors.isEmpty()) "none"
    else
        errors
            .groupBy {
                (it.error!!::class.simpleName ?: "?") + if (it.write) " (writes)" else " (reads)"
            }
            .entries
            .joinToString { "${it.value.size} × ${it.key}" }
            .also {
                errors.forEach { println("failed call on shard ${it.shard}: ${causes(it.error)}") }
            }

/** [error] and its causes, outermost first. */
private fun causes(error: Throwable?): String =
    generateSequence(error) { it.cause }.distinctBy { it.toString() }.joinToString(" <- ")
