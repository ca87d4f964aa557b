package io.oxia.coroutines.testing

import io.oxia.coroutines.testing.internal.ServerProcess
import java.nio.file.Path

/**
 * One process of an [OxiaCluster] (a data server or the coordinator), for fault tests: kill it,
 * pause it, bring it back on the same ports and data. Blocking.
 */
public class OxiaNode
internal constructor(
    /** `server-1`, `server-2`, … or `coordinator`. */
    public val name: String,
    /**
     * The public address clients use, exactly as the cluster configuration spells it; `null` for
     * the coordinator.
     */
    public val publicAddress: String?,
    private val process: ServerProcess,
) {
    /** The process's log, kept after the test. */
    public val logFile: Path
        get() = process.logFile

    /** Whether the process is running (a paused process is running). */
    public val isAlive: Boolean
        get() = process.isAlive

    /** SIGKILL: the node dies at once, without a chance to clean up. */
    public fun kill() {
        process.kill()
    }

    /** SIGSTOP: the node keeps its ports but answers nothing, like a hung machine. */
    public fun pause() {
        process.pause()
    }

    /** SIGCONT after [pause]. */
    public fun resume() {
        process.resume()
    }

    /**
     * Starts the node again, on the same ports and data, after [kill] (or stops and starts a live
     * one).
     */
    public fun restart() {
        if (process.isAlive) process.stop()
        process.start()
    }

    internal fun stop() {
        process.stop()
    }

    internal fun logTail(): String = process.logTail()

    internal fun logLines(): List<String> = runCatching {
        process.logFile.toFile().readLines()
    }
        .getOrDefault(emptyList())

    override fun toString(): String = "OxiaNode($name${publicAddress?.let { " at $it" } ?: ""})"
}
