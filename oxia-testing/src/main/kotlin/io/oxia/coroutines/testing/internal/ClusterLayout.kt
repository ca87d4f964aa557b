package io.oxia.coroutines.testing.internal

import io.oxia.coroutines.testing.OxiaNamespace
import io.oxia.coroutines.testing.OxiaSecurity
import java.io.File

/**
 * Where each process of a local cluster lives: its loopback ports, its folders, its command line,
 * and the `cluster.yaml` that tells the coordinator about the data servers and namespaces.
 */
internal class ClusterLayout(
    private val binary: String,
    val dir: File,
    serverCount: Int,
    private val namespaces: List<OxiaNamespace>,
    private val coordinatorPublicFlag: Boolean,
    private val security: OxiaSecurity,
) {
    /** The addresses and folder of one data server. */
    class Server(
        val name: String,
        val public: String,
        val internal: String,
        val metrics: String,
        val home: File,
    )

    private val ports = FreePorts.take(serverCount * 3 + 3)

    val servers: List<Server> =
        (0 until serverCount).map { i ->
            Server(
                name = "server-${i + 1}",
                public = "127.0.0.1:${ports[i * 3]}",
                internal = "127.0.0.1:${ports[i * 3 + 1]}",
                metrics = "127.0.0.1:${ports[i * 3 + 2]}",
                home = File(dir, "server-${i + 1}"),
            )
        }

    val coordinatorInternal = "127.0.0.1:${ports[serverCount * 3]}"
    val coordinatorMetrics = "127.0.0.1:${ports[serverCount * 3 + 1]}"
    private val coordinatorPublic = "127.0.0.1:${ports[serverCount * 3 + 2]}"
    val coordinatorHome = File(dir, "coordinator")
    val configFile = File(dir, "cluster.yaml")

    fun serverCommand(server: Server): List<String> =
        listOf(
            binary,
            "server",
            "-p",
            server.public,
            "-i",
            server.internal,
            "-m",
            server.metrics,
            "--data-dir",
            "${server.home}/db",
            "--wal-dir",
            "${server.home}/wal",
            "--wal-sync-data=false",
        ) + securityFlags()

    /** The flags, the same in Oxia's CLI and the kit's own launcher, that secure a public port. */
    private fun securityFlags(): List<String> {
        val tls =
            security.tls?.let {
                listOf(
                    "--tls-cert-file",
                    it.certificate.toString(),
                    "--tls-key-file",
                    it.key.toString(),
                    "--tls-trusted-ca-file",
                    it.trustedCa.toString(),
                    "--tls-client-auth=${it.requireClientCertificate}",
                )
            } ?: emptyList()
        val auth =
            security.auth?.let {
                listOf(
                    "--auth-provider-name",
                    it.providerName,
                    "--auth-provider-params",
                    it.providerParams,
                )
            } ?: emptyList()
        return tls + auth
    }

    fun coordinatorCommand(): List<String> =
        listOf(
            binary,
            "coordinator",
            "-i",
            coordinatorInternal,
            "-m",
            coordinatorMetrics,
            "--conf",
            configFile.path,
            "--file-clusters-status-path",
            "$coordinatorHome/status.json",
        ) + if (coordinatorPublicFlag) listOf("-p", coordinatorPublic) else emptyList()

    private fun quoted(text: String) =
        "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\""

    /** Writes `cluster.yaml`; the public addresses in it are the ones clients must dial. */
    fun writeConfig() {
        configFile.writeText(
            buildString {
                appendLine("namespaces:")
                for (ns in namespaces) {
                    appendLine("  - name: ${quoted(ns.name)}")
                    appendLine("    initialShardCount: ${ns.initialShardCount}")
                    appendLine("    replicationFactor: ${ns.replicationFactor}")
                    appendLine("    notificationsEnabled: ${ns.notificationsEnabled}")
                }
                appendLine("servers:")
                for (server in servers) {
                    appendLine("  - public: ${server.public}")
                    appendLine("    internal: ${server.internal}")
                }
            }
        )
    }
}
