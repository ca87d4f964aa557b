package io.oxia.coroutines.testing.internal

import io.oxia.coroutines.testing.OxiaNamespace
import io.oxia.coroutines.testing.OxiaNode
import io.oxia.coroutines.testing.OxiaSecurity
import java.io.File

/**
 * Where each process of a local cluster lives: its loopback ports, its folders, its command line,
 * and the `cluster.yaml` that describes the data servers and namespaces. With [adminSetup] (Oxia
 * v0.17 and later) the coordinator is not given that file: the kit creates the same servers and
 * namespaces through the coordinator's admin address [coordinatorAdmin] (see [AdminCommands]), and
 * the file is only a record of them.
 */
internal class ClusterLayout(
    private val binary: String,
    val dir: File,
    serverCount: Int,
    private val namespaces: List<OxiaNamespace>,
    private val coordinatorPublicFlag: Boolean,
    private val security: OxiaSecurity,
    val adminSetup: Boolean = false,
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
    /** The coordinator's public (admin) address, when its version accepts one. */
    val coordinatorAdmin = "127.0.0.1:${ports[serverCount * 3 + 2]}"
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
        ) +
            (if (adminSetup) emptyList() else listOf("--conf", configFile.path)) +
            listOf("--file-clusters-status-path", "$coordinatorHome/status.json") +
            if (coordinatorPublicFlag || adminSetup) listOf("-p", coordinatorAdmin) else emptyList()

    /** One node per data server, each process running in its own folder. */
    fun serverNodes(): List<OxiaNode> = servers.map {
        OxiaNode(
            it.name,
            it.public,
            it.internal,
            ServerProcess(
                "oxia ${it.name}",
                serverCommand(it),
                it.home.toPath().resolve("oxia.log"),
                it.home,
            ),
        )
    }

    /** The coordinator's node, its process running in [coordinatorHome]. */
    fun coordinatorNode(): OxiaNode =
        OxiaNode(
            "coordinator",
            null,
            coordinatorInternal,
            ServerProcess(
                "oxia coordinator",
                coordinatorCommand(),
                coordinatorHome.toPath().resolve("oxia.log"),
                coordinatorHome,
            ),
        )

    /** Creates the data servers, then the namespaces, through the coordinator's admin API. */
    fun createThroughAdmin() {
        val admin = AdminCommands(binary, coordinatorAdmin, File(dir, "admin.log"))
        for (server in servers) admin.createDataServer(server.name, server.public, server.internal)
        for (namespace in namespaces) admin.createNamespace(namespace)
    }

    private fun quoted(text: String) =
        "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\""

    /**
     * Writes `cluster.yaml`; the public addresses in it are the ones clients must dial. Only
     * coordinators before v0.16 read it; with [adminSetup] it records what the kit creates.
     */
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
