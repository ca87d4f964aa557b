package io.oxia.coroutines.testing.internal

import io.oxia.coroutines.testing.OxiaServerException
import java.io.IOException
import java.nio.file.Files
import java.nio.file.Path
import java.nio.file.StandardOpenOption
import java.time.Duration
import java.time.Instant
import java.util.concurrent.ConcurrentHashMap
import java.util.concurrent.TimeUnit

/**
 * One Oxia process with a fixed command line, so that it can be stopped, killed, paused and started
 * again on the same ports and directories. Its stdout and stderr are appended to [logFile], each
 * start preceded by a marker line. Every live process is registered with a JVM shutdown hook that
 * kills it, so a test run leaves no orphan even when a test fails. Control methods are
 * synchronized; each blocks for at most a few seconds.
 */
internal class ServerProcess(
    private val name: String,
    private val command: List<String>,
    val logFile: Path,
) {
    @Volatile private var process: Process? = null
    @Volatile private var logOffsetAtStart = 0L

    val isAlive: Boolean
        get() = process?.isAlive == true

    @Synchronized
    fun start() {
        check(!isAlive) { "$name is already running" }
        Files.createDirectories(logFile.parent)
        Files.writeString(
            logFile,
            "=== oxia-testing: ${Instant.now()} starting $name: ${command.joinToString(" ")}\n",
            StandardOpenOption.CREATE,
            StandardOpenOption.APPEND,
        )
        logOffsetAtStart = Files.size(logFile)
        val started =
            try {
                ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(java.io.File("/dev/null")))
                    .start()
            } catch (e: IOException) {
                throw OxiaServerException("$name could not be started: ${e.message}", e)
            }
        process = started
        live += started
    }

    /** SIGTERM, then SIGKILL after a grace period. Does nothing when not running. */
    @Synchronized
    fun stop() {
        val p = process ?: return
        if (p.isAlive) {
            resume()
            p.destroy()
            if (!p.waitFor(GRACE_SECONDS, TimeUnit.SECONDS)) p.killTree()
        }
        live -= p
    }

    /** SIGKILL: the process gets no chance to clean up. Does nothing when not running. */
    @Synchronized
    fun kill() {
        val p = process ?: return
        p.killTree()
        live -= p
    }

    /** SIGSTOP: the process keeps its ports but answers nothing. */
    @Synchronized fun pause(): Unit = signal("STOP")

    /** SIGCONT after [pause]; does nothing when not running. */
    @Synchronized
    fun resume() {
        if (isAlive) signal("CONT")
    }

    /** Whether the output since the last start says that a port was taken by someone else. */
    fun portClash(): Boolean = "address already in use" in outputSinceStart()

    fun logTail(lines: Int = 30): String =
        runCatching { Files.readAllLines(logFile).takeLast(lines).joinToString("\n") }
            .getOrDefault("")

    private fun outputSinceStart(): String =
        runCatching {
                val bytes = Files.readAllBytes(logFile)
                val from = logOffsetAtStart.toInt().coerceIn(0, bytes.size)
                bytes.copyOfRange(from, bytes.size).toString(Charsets.UTF_8)
            }
            .getOrDefault("")

    private fun signal(signal: String) {
        val p = process?.takeIf { it.isAlive } ?: throw OxiaServerException("$name is not running")
        val exit =
            BoundedCommand.run(listOf("kill", "-$signal", p.pid().toString()), Duration.ofSeconds(10))
        if (exit != 0) throw OxiaServerException("could not send SIG$signal to $name (pid ${p.pid()})")
    }

    override fun toString(): String = "$name (${process?.pid() ?: "not started"})"

    private companion object {
        const val GRACE_SECONDS = 10L
        val live: MutableSet<Process> = ConcurrentHashMap.newKeySet()

        init {
            Runtime.getRuntime()
                .addShutdownHook(
                    Thread({ live.forEach { it.destroyForcibly() } }, "oxia-testing-kill-servers")
                )
        }
    }
}
