package io.oxia.coroutines.testing.internal

import io.oxia.coroutines.testing.OxiaServerException
import java.io.File
import java.nio.file.Path
import java.util.concurrent.ConcurrentHashMap
import java.util.concurrent.TimeUnit

/**
 * One Oxia process with a fixed command line, so that it can be stopped, killed, paused and started
 * again on the same ports and directories. Its output is appended to [logFile]. Every live process
 * is registered with a JVM shutdown hook that kills it, so a test run leaves no orphan.
 */
internal class ServerProcess(
    private val name: String,
    private val command: List<String>,
    val logFile: Path,
) {
    @Volatile private var process: Process? = null

    val isAlive: Boolean
        get() = process?.isAlive == true

    val pid: Long
        get() = process?.pid() ?: throw OxiaServerException("$name is not running")

    fun start() {
        check(!isAlive) { "$name is already running" }
        logFile.toFile().parentFile.mkdirs()
        val started =
            ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                .start()
        process = started
        live += started
    }

    /** SIGTERM, then SIGKILL after a grace period. */
    fun stop() {
        val p = process ?: return
        resume()
        p.destroy()
        if (!p.waitFor(GRACE_SECONDS, TimeUnit.SECONDS)) p.destroyForcibly().waitFor()
        live -= p
    }

    /** SIGKILL: the process gets no chance to clean up. */
    fun kill() {
        val p = process ?: return
        p.destroyForcibly().waitFor()
        live -= p
    }

    /** SIGSTOP: the process stays, holding its ports, but answers nothing. */
    fun pause() = signal("STOP")

    /** SIGCONT after [pause]. */
    fun resume() {
        if (isAlive) signal("CONT")
    }

    fun logTail(lines: Int = 30): String = runCatching {
        logFile.toFile().readLines().takeLast(lines).joinToString("\n")
    }
        .getOrDefault("")

    private fun signal(name: String) {
        val kill =
            ProcessBuilder("kill", "-$name", pid.toString()).redirectErrorStream(true).start()
        if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
            throw OxiaServerException("could not send SIG$name to ${this.name}")
        }
    }

    private companion object {
        const val GRACE_SECONDS = 10L
        val live: MutableSet<Process> = ConcurrentHashMap.newKeySet()

        init {
            Runtime.getRuntime()
                .addShutdownHook(
                    Thread({ live.forEach { it.destroyForcibly() } }, "oxia-test-kill")
                )
        }
    }
}

/**
 * Where the kit keeps server data and logs: under the build's output, so failed tests can be
 * debugged.
 */
internal fun serverWorkDir(kind: String): File {
    val root = File(System.getProperty("oxia.work.dir") ?: "target/oxia-servers")
    root.mkdirs()
    return File(root, "$kind-${System.currentTimeMillis()}-${counter.incrementAndGet()}").apply {
        mkdirs()
    }
}

private val counter = java.util.concurrent.atomic.AtomicInteger()
