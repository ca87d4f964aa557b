package io.oxia.coroutines.testing

import io.oxia.coroutines.testing.internal.FreePorts
import io.oxia.coroutines.testing.internal.Readiness
import io.oxia.coroutines.testing.internal.ServerProcess
import io.oxia.coroutines.testing.internal.serverWorkDir
import java.nio.file.Path

/**
 * A real standalone Oxia (one process, namespace `default`, no auth, no TLS) on free loopback
 * ports, with its data and log under `target/oxia-servers/`. [start] returns once every shard has a
 * leader. Blocking; thread-safe for the control methods' typical use from one test at a time.
 */
public class OxiaStandalone
private constructor(
    /** The server version, as configured for the kit (or as given to [start]). */
    public val version: String,
    private val process: ServerProcess,
    private val port: Int,
    private val shards: Int,
) : AutoCloseable {
    /** The `host:port` clients connect to. */
    public val serviceAddress: String = "127.0.0.1:$port"

    /** The server's log, kept after the test for debugging. */
    public val logFile: Path
        get() = process.logFile

    /** Whether the process is running. */
    public val isAlive: Boolean
        get() = process.isAlive

    private fun awaitReady() {
        val ready =
            Readiness.await(STARTUP_TIMEOUT_MS) {
                if (!process.isAlive)
                    throw OxiaServerException("Oxia standalone exited:\n${process.logTail()}")
                Readiness.portOpen(port) &&
                    Readiness.allLed(Readiness.assignments(serviceAddress, "default"), "default")
            }
        if (!ready) {
            process.kill()
            throw OxiaServerException(
                "Oxia standalone did not become ready within 60 s:\n${process.logTail()}"
            )
        }
    }

    /** Kills the process with SIGKILL; [restart] brings it back with its data. */
    public fun kill() {
        process.kill()
    }

    /**
     * Stops the process if it runs and starts it again on the same port and data, waiting until it
     * is ready.
     */
    public fun restart() {
        process.stop()
        process.start()
        awaitReady()
    }

    /** Stops the server (SIGTERM, then SIGKILL after 10 s). Idempotent. */
    override fun close() {
        process.stop()
    }

    override fun toString(): String = "OxiaStandalone($version at $serviceAddress, $shards shards)"

    public companion object {
        private const val STARTUP_TIMEOUT_MS = 60_000L
        private const val PORT_ATTEMPTS = 3

        /**
         * Starts a standalone Oxia with [shards] shards and waits until it is ready.
         *
         * @throws OxiaServerException when no binary can be had or the server does not become
         *   ready.
         */
        @JvmStatic
        @JvmOverloads
        public fun start(
            shards: Int = 3,
            notificationsEnabled: Boolean = true,
            version: String = OxiaBinary.configuredVersion(),
        ): OxiaStandalone {
            require(shards > 0) { "shards must be positive" }
            val binary = OxiaBinary.resolve(version)
            var failure: OxiaServerException? = null
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
                    )
                val process =
                    ServerProcess("oxia standalone", command, dir.toPath().resolve("oxia.log"))
                process.start()
                val server = OxiaStandalone(version, process, port, shards)
                try {
                    server.awaitReady()
                    return server
                } catch (e: OxiaServerException) {
                    process.kill()
                    failure = e
                }
            }
            throw failure!!
        }
    }
}
