package io.oxia.coroutines.testing.internal

import io.oxia.coroutines.testing.OxiaNamespace
import io.oxia.coroutines.testing.OxiaServerException
import java.io.File
import java.io.IOException
import java.nio.file.Files
import java.time.Duration
import java.time.Instant
import java.util.concurrent.ConcurrentHashMap

/**
 * Sets up a cluster whose coordinator takes its data servers and namespaces through its admin API
 * (Oxia v0.17 and later), by running the binary's own `oxia admin …` commands against the
 * coordinator's plaintext admin address [adminAddress]. Each command line and its output are
 * appended to [log]. A command that fails is retried until [timeout] has passed (the coordinator
 * may still be loading its metadata); one that finds its object already there (from an earlier
 * attempt whose answer was lost) counts as done.
 */
internal class AdminCommands(
    private val binary: String,
    private val adminAddress: String,
    private val log: File,
    private val timeout: Duration = Duration.ofSeconds(30),
) {
    /** Registers a data server under [name] with the addresses clients and peers dial. */
    fun createDataServer(name: String, public: String, internal: String) {
        run(listOf("dataserver", "create", name, "--public", public, "--internal", internal))
    }

    /** Creates [namespace] with its shard count, replication factor and notification setting. */
    fun createNamespace(namespace: OxiaNamespace) {
        run(
            listOf(
                "namespace",
                "create",
                namespace.name,
                "--initial-shards",
                namespace.initialShardCount.toString(),
                "--replication-factor",
                namespace.replicationFactor.toString(),
                "--notifications=${namespace.notificationsEnabled}",
            )
        )
    }

    private fun run(args: List<String>) {
        val command = listOf(binary, "admin", "--admin-address", adminAddress) + args
        val line = command.joinToString(" ")
        val deadline = System.nanoTime() + timeout.toNanos()
        var attempt = 0
        while (true) {
            attempt++
            val (exit, output) = runOnce(command)
            log.appendText(
                "=== ${Instant.now()} $line\n$output\n=== exit: ${exit ?: "timed out"}\n"
            )
            if (exit == 0) return
            if (attempt > 1 && "already exists" in output) return
            if (System.nanoTime() > deadline) {
                throw OxiaServerException(
                    "`$line` failed after $attempt attempts (last exit: ${exit ?: "timed out after $COMMAND_SECONDS s"}); " +
                        "its output:\n${output.trim()}"
                )
            }
            Thread.sleep(RETRY_PAUSE_MS)
        }
    }

    /** The exit code (`null` when it overran its limit) and the output of one run of [command]. */
    private fun runOnce(command: List<String>): Pair<Int?, String> {
        val out = Files.createTempFile("oxia-admin", ".log").toFile()
        try {
            val exit =
                try {
                    BoundedCommand.run(command, Duration.ofSeconds(COMMAND_SECONDS), out)
                } catch (e: IOException) {
                    throw OxiaServerException(
                        "`${command.joinToString(" ")}` could not run: ${e.message}",
                        e,
                    )
                }
            return exit to out.readText()
        } finally {
            out.delete()
        }
    }

    companion object {
        private const val COMMAND_SECONDS = 20L
        private const val RETRY_PAUSE_MS = 500L
        private val probed = ConcurrentHashMap<String, Boolean>()

        /**
         * Whether [binary] offers `oxia admin dataserver create`, which is how its coordinator
         * learns about data servers (no `cluster.yaml`). Asked once per binary path and JVM, since
         * an explicit binary may be any version whatever version string the tests chose.
         *
         * @throws OxiaServerException when the binary cannot run or does not answer within 20 s
         *   (then it cannot be told which setup it needs, and guessing would only fail later).
         */
        fun supported(binary: String): Boolean =
            probed.computeIfAbsent(binary) {
                val probe = listOf(binary, "admin", "dataserver", "create", "--help")
                val exit =
                    try {
                        BoundedCommand.run(probe, Duration.ofSeconds(COMMAND_SECONDS))
                    } catch (e: IOException) {
                        throw OxiaServerException(
                            "`${probe.joinToString(" ")}` could not run: ${e.message}",
                            e,
                        )
                    }
                        ?: throw OxiaServerException(
                            "`${probe.joinToString(" ")}` did not answer within $COMMAND_SECONDS s"
                        )
                exit == 0
            }
    }
}
