package io.oxia.coroutines.testing

import io.oxia.coroutines.testing.internal.ServerProcess
import java.nio.file.Path

/**
 * One process of an [OxiaCluster] (a data server or the coordinator), for fault tests: kill it,
 * pause it, bring it back on the same ports and data.
 *
 * Threading: the control methods block for at most a few seconds each, are safe to call from any
 * thread, and must not be called on a coroutine dispatcher that may not block. None of them waits
 * for the cluster to recover; call [OxiaCluster.awaitReady] for that.
 *
 * Errors: [pause] and [resume] throw [OxiaServerException] when the signal cannot be delivered (for
 * [pause], also when the node is not running).
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
    /** The internal (peer) address, as in the cluster configuration. */
    internal val internalAddress: String,
    private val process: ServerProcess,
) {
    /** The process's stdout and stderr across all its starts, kept after the test. */
    public val logFile: Path
        get() = process.logFile

    /** Whether the process is running (a paused process is running). */
    public val isAlive: Boolean
        get() = process.isAlive

    /** Whether the process runs but is [pause]d. */
    public val isPaused: Boolean
        get() = process.isPaused

    /** SIGKILL: the node dies at once, without a chance to clean up. No-op when not running. */
    public fun kill() {
        process.kill()
    }

    /**
     * SIGSTOP: the node keeps its ports and connections but answers nothing, like a hung machine.
     * Call [resume] (or [kill], [restart]) to end it; [OxiaCluster.close] resumes it before
     * stopping it.
     */
    public fun pause() {
        process.pause()
    }

    /** SIGCONT after [pause]. No-op when not running. */
    public fun resume() {
        process.resume()
    }

    /**
     * Starts the node again on the same ports and data: after [kill], or stopping a live one first
     * (SIGTERM, then SIGKILL after 10 s). Returns once the process runs, before it is ready.
     *
     * @throws OxiaServerException when the process cannot be started.
     */
    public fun restart() {
        process.stop()
        process.start()
    }

    internal fun start() {
        process.start()
    }

    internal fun stop() {
        process.stop()
    }

    internal fun portClash(): Boolean = process.portClash()

    internal fun logTail(): String = process.logTail()

    override fun toString(): String = "OxiaNode($name${publicAddress?.let { " at $it" } ?: ""})"
}
