package io.oxia.coroutines.testing.internal

import java.io.File
import java.io.PrintStream
import java.nio.file.Path
import java.time.Duration
import java.util.concurrent.Executors
import java.util.concurrent.TimeUnit

/**
 * Prints a line every [every] while a server build runs, so that a first run that builds the server
 * is not silent for minutes: the time so far, the Go step running (from the newest log in
 * [workDir]) and that step's last line of output (`go: downloading …` while modules arrive).
 * Printing runs on its own daemon thread and stops at [close].
 */
internal class BuildProgress(
    private val label: String,
    private val workDir: Path,
    every: Duration = Duration.ofSeconds(30),
    private val out: PrintStream = System.out,
) : AutoCloseable {
    private val started = System.nanoTime()
    private val timer = Executors.newSingleThreadScheduledExecutor { task ->
        Thread(task, "oxia-build-progress").apply { isDaemon = true }
    }

    init {
        timer.scheduleAtFixedRate(
            ::report,
            every.toMillis(),
            every.toMillis(),
            TimeUnit.MILLISECONDS,
        )
    }

    /** Whole seconds since the build started. */
    val seconds: Long
        get() = (System.nanoTime() - started) / 1_000_000_000

    private fun report() {
        // The build deletes and writes files as this runs: a detail that cannot be read is left
        // out, and nothing may escape, since an exception would cancel the later reports.
        val detail = runCatching(::detail).getOrNull().orEmpty()
        out.println("  $label: $seconds s so far" + if (detail.isEmpty()) "" else " ($detail)")
    }

    private fun detail(): String {
        val log =
            workDir
                .toFile()
                .walk()
                .maxDepth(3)
                .filter { it.isFile && it.name.endsWith(".log") }
                .maxByOrNull(File::lastModified) ?: return ""
        val step = log.name.removeSuffix(".log").replace('-', ' ')
        val last = log.readLines().lastOrNull(String::isNotBlank)?.take(MAX_LINE)
        return if (last == null) step else "$step; last output: $last"
    }

    override fun close() {
        timer.shutdownNow()
    }

    private companion object {
        const val MAX_LINE = 120
    }
}
