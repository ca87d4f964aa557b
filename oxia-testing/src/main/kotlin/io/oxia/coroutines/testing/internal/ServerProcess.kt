package io.oxia.coroutines.testing.internal

import io.oxia.coroutines.testing.OxiaServerException
import java.io.File
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
 * again on the same ports and directories. It runs in [workDir] when given (created on start), else
 * in this JVM's working directory. Its stdout and stderr are appended to [logFile], each start
 * preceded by a marker line. Every live process is registered with a JVM shutdown hook that kills
 * it, so a test run leaves no orphan even when a test fails. Control methods are synchronized; each
 * blocks for at most a few seconds.
 */
internal class ServerProcess(
    private val name: String,
    private val command: List<String>,
    val logFile: Path,
    private val workDir: File? = null,
) {
    @Volatile private var process: Process? = null
    @Volatile private var logOffsetAtStart = 0L

    val isAlive: Boolean
        get() = process?.isAlive == true

    /** The operating-system process id, or `null` before the first start. */
    val pid: Long?
        get() = process?.pid()

    /** Whether the process runs but was [pause]d (and not resumed, killed or restarted since). */
    val isPaused: Boolean
        get() = paused && isAlive

    @Volatile private var paused = false

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
        workDir?.mkdirs()
        val started =
            try {
                ProcessBuilder(command)
                    .directory(workDir)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(File("/dev/null")))
                    .start()
            } catch (e: IOException) {
                throw OxiaServerException("$name could not be started: ${e.message}", e)
            }
        process = started
        paused = false
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

    /**
     * SIGSTOP: the process keeps its ports but answers nothing. Returns once every thread of it has
     * stopped (the kernel stops them asynchronously), where `/proc` tells.
     */
    @Synchronized
    fun pause() {
        signal("STOP")
        paused = true
        awaitThreads(stopped = true)
    }

    /** SIGCONT after [pause]; does nothing when not running. */
    @Synchronized
    fun resume() {
        if (!isAlive) return
        signal("CONT")
        paused = false
        awaitThreads(stopped = false)
    }

    /** Whether the output since the last start says that a port was taken by someone else. */
    fun portClash(): Boolean = "address already in use" in outputSinceStart()

    fun logTail(lines: Int = 30): String = runCatching {
        Files.readAllLines(logFile).takeLast(lines).joinToString("\n")
    }
        .getOrDefault("")

    private fun outputSinceStart(): String = runCatching {
        val bytes = Files.readAllBytes(logFile)
        val from = logOffsetAtStart.toInt().coerceIn(0, bytes.size)
        bytes.copyOfRange(from, bytes.size).toString(Charsets.UTF_8)
    }
        .getOrDefault("")

    private fun signal(signal: String) {
        val p = process?.takeIf { it.isAlive } ?: throw OxiaServerException("$name is not running")
        val exit =
            BoundedCommand.run(
                listOf("kill", "-$signal", p.pid().toString()),
                Duration.ofSeconds(10),
            )
        if (exit != 0)
            throw OxiaServerException("could not send SIG$signal to $name (pid ${p.pid()})")
    }

    private fun awaitThreads(stopped: Boolean) {
        val pid = process?.pid() ?: return
        val tasks = File("/proc/$pid/task")
        if (!tasks.isDirectory) return
        val deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(GRACE_SECONDS)
        while (System.nanoTime() < deadline && isAlive) {
            // The state is the field after the parenthesised command name in
            // /proc/<pid>/task/<tid>/stat.
            val states =
                tasks.listFiles().orEmpty().mapNotNull { task ->
                    runCatching { File(task, "stat").readText().substringAfterLast(") ").first() }
                        .getOrNull()
                }
            if (states.isNotEmpty() && states.all { (it == 'T') == stopped }) return
            Thread.sleep(10)
        }
    }

    override fun toString(): String = "$name (${process?.pid() ?: "not started"})"

    private companion object {
        const val GRACE_SECONDS = 10L
        val live: MutableSet<Process> = ConcurrentHashMap.newKeySet()

        /** SIGKILLs every process still running and waits (boundedly) until they are gone. */
        fun killAllLive() {
            val processes = ArrayList(live)
            processes.forEach { it.destroyForcibly() }
            val deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5)
            processes.forEach {
                it.waitFor(maxOf(0L, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)
            }
        }

        init {
            Runtime.getRuntime().addShutdownHook(Thread(::killAllLive, "oxia-testing-kill-servers"))
        }
    }
}
