package io.oxia.coroutines.testing.internal

import java.io.File
import java.time.Duration
import java.util.concurrent.TimeUnit

/**
 * Runs an external command that must finish within a time limit, so that the kit never hangs on a
 * tool (the Go toolchain, a binary's `--help`, `kill`). Its output goes to a file (or is
 * discarded), never to a pipe that could fill up and block it.
 */
internal object BoundedCommand {
    /**
     * Runs [command] in [dir] with [environment] added to this process's environment, writing
     * stdout and stderr to [log] (discarded when `null`). Returns the exit code, or `null` when the
     * command overran [timeout]; then it and every process it started were killed.
     *
     * @throws java.io.IOException when the command cannot be started.
     */
    fun run(
        command: List<String>,
        timeout: Duration,
        log: File? = null,
        dir: File? = null,
        environment: Map<String, String> = emptyMap(),
    ): Int? {
        val builder = ProcessBuilder(command).directory(dir).redirectErrorStream(true)
        builder.redirectOutput(
            log?.let { ProcessBuilder.Redirect.to(it) } ?: ProcessBuilder.Redirect.DISCARD
        )
        builder.redirectInput(ProcessBuilder.Redirect.from(File("/dev/null")))
        builder.environment().putAll(environment)
        val process = builder.start()
        if (process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) return process.exitValue()
        process.killTree()
        return null
    }
}

/** SIGKILLs this process and every process it started (a `go build` runs compilers as children). */
internal fun Process.killTree() {
    val children = descendants().toList()
    destroyForcibly()
    children.forEach { it.destroyForcibly() }
    waitFor(5, TimeUnit.SECONDS)
}
