package io.oxia.coroutines.testing

import io.oxia.coroutines.testing.internal.FreePorts
import io.oxia.coroutines.testing.internal.Readiness
import io.oxia.coroutines.testing.internal.ServerProcess
import io.oxia.coroutines.testing.internal.serverWorkDir
import java.nio.file.Path

/**
 * A real standalone Oxia (one process, namespace `default` only, no auth, no TLS) on free loopback
 * ports, with its data and log in a fresh folder under `target/oxia-servers/standalone-…/` (kept
 * after the test for debugging). [start] returns once it is ready: its public port accepts
 * connections and its shard map lists every shard with a leader.
 *
 * Threading: every method blocks (for at most the 60 s startup limit) and is safe to call from any
 * thread; do not call it on a coroutine dispatcher that must not block (use `Dispatchers.IO`).
 *
 * A JVM shutdown hook kills the process if the test never calls [close].
 */
public class OxiaStandalone
private constructor(
    /** The server version the process runs. */
    public val version: String,
    private val process: ServerProcess,
    private val port: Int,
    private val metricsPort: Int,
    private val shards: Int,
) : AutoCloseable {
    /**
     * The `host:port` clients connect to: `127.0.0.1:<port>`. It stays the same across [restart].
     */
    public val serviceAddress: String = "127.0.0.1:$port"

    /**
     * The `host:port` of the server's Prometheus endpoint (`http://<metricsAddress>/metrics`), for
     * reading its own counters, such as the requests it received per method.
     */
    public val metricsAddress: String = "127.0.0.1:$metricsPort"

    /** The server's stdout and stderr across all its starts, kept after the test. */
    public val logFile: Path
        get() = process.logFile

    /** Whether the process is running (a paused process is running). */
    public val isAlive: Boolean
        get() = process.isAlive

    /** Whether the process runs but is [pause]d. */
    public val isPaused: Boolean
        get() = process.isPaused

    /**
     * The server's operating-system process id (it changes on [restart]), for measuring its CPU
     * time or sending it signals.
     */
    public val pid: Long
        get() = checkNotNull(process.pid) { "the server was never started" }

    private fun awaitReady() {
        val ready =
            Readiness.await(STARTUP_TIMEOUT_MS) {
                if (!process.isAlive) {
                    throw OxiaServerException(
                        "Oxia standalone ($version) exited while starting; $logFile ends with:\n" +
                            process.logTail()
                    )
                }
                Readiness.listening(serviceAddress) &&
                    Readiness.allLed(
                        Readiness.assignments(serviceAddress, "default"),
                        "default",
                        shards,
                    )
            }
        if (!ready) {
            process.kill()
            throw OxiaServerException(
                "Oxia standalone ($version) did not become ready within ${STARTUP_TIMEOUT_MS / 1000} s; " +
                    "$logFile ends with:\n${process.logTail()}"
            )
        }
    }

    /**
     * SIGKILL: the server dies at once; [restart] brings it back with its data. No-op when dead.
     */
    public fun kill() {
        process.kill()
    }

    /**
     * SIGSTOP: the server keeps its port and connections but answers nothing, like a hung machine.
     * Returns once every thread of it has stopped. Call [resume] (or [kill], [restart]) to end it;
     * [close] resumes it before stopping it.
     *
     * @throws OxiaServerException when the server is not running or the signal cannot be sent.
     */
    public fun pause() {
        process.pause()
    }

    /**
     * SIGCONT after [pause]: the server answers again, with the connections it had. No-op when not
     * running.
     *
     * @throws OxiaServerException when the signal cannot be sent.
     */
    public fun resume() {
        process.resume()
    }

    /**
     * Stops the process if it runs (SIGTERM, then SIGKILL after 10 s) and starts it again on the
     * same port and data, waiting until it is ready.
     *
     * @throws OxiaServerException when it does not become ready within 60 s (it is killed then).
     */
    public fun restart() {
        process.stop()
        process.start()
        awaitReady()
    }

    /**
     * Stops the server (resuming it first if [pause]d; SIGTERM, then SIGKILL after 10 s); keeps its
     * folder. Idempotent.
     */
    override fun close() {
        process.stop()
    }

    override fun toString(): String = "OxiaStandalone($version at $serviceAddress, $shards shards)"

    public companion object {
        private const val STARTUP_TIMEOUT_MS = 60_000L
        private const val PORT_ATTEMPTS = 3

        /**
         * Starts a standalone Oxia with [shards] shards in a fresh folder and waits until it is
         * ready (at most 60 s). A port that another process takes in the meantime makes it start
         * over on new ports, up to 3 times.
         *
         * @param notificationsEnabled whether the server keeps the notification log.
         * @param version the server version; the binary comes from [OxiaBinary.resolve].
         * @param keySorting the namespace's key sorting, `hierarchical` or `natural` (servers v0.15
         *   and later); `null` for the server's default.
         * @throws OxiaServerException when no binary can be had, or the server exits or does not
         *   become ready; the message carries the tail of its log.
         * @throws IllegalArgumentException when [shards] is not positive.
         */
        @JvmStatic
        @JvmOverloads
        public fun start(
            shards: Int = 3,
            notificationsEnabled: Boolean = true,
            version: String = OxiaBinary.configuredVersion(),
            keySorting: String? = null,
        ): OxiaStandalone {
            require(shards > 0) { "shards must be positive" }
            val binary = OxiaBinary.resolve(version)
            var clash: OxiaServerException? = null
            repeat(PORT_ATTEMPTS) {
                val dir = serverWorkDir("standalone")
                val (port, metrics) = FreePorts.take(2)
                val command =
                    listOf(
                        binary.toString(),
                        "standalone",
                        "-p",
                        "127.0.0.1:$port",
                        "-m",
                        "127.0.0.1:$metrics",
                        "-s",
                        shards.toString(),
                        "--data-dir",
                        "$dir/db",
                        "--wal-dir",
                        "$dir/wal",
                        "--wal-sync-data=false",
                        "--notifications-enabled=$notificationsEnabled",
                    ) + listOfNotNull(keySorting?.let { "--key-sorting=$it" })
                val process =
                    ServerProcess("oxia standalone", command, dir.toPath().resolve("oxia.log"))
                process.start()
                val server = OxiaStandalone(version, process, port, metrics, shards)
                try {
                    server.awaitReady()
                    return server
                } catch (e: OxiaServerException) {
                    process.kill()
                    if (!process.portClash()) throw e
                    clash = e
                }
            }
            throw clash!!
        }
    }
}
