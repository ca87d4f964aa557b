package io.oxia.coroutines.testing

import io.grpc.stub.MetadataUtils
import io.oxia.coroutines.proto.GetRequest
import io.oxia.coroutines.proto.ReadRequest
import io.oxia.coroutines.proto.legacy.OxiaClientGrpc
import io.oxia.coroutines.testing.internal.FreePorts
import io.oxia.coroutines.testing.internal.Readiness
import io.oxia.coroutines.testing.internal.ServerProcess
import io.oxia.coroutines.testing.internal.serverWorkDir
import java.io.File
import java.util.concurrent.TimeUnit

/**
 * A real Oxia cluster on this machine: a coordinator and [servers] data servers, each its own
 * process with its own loopback ports and directories under `target/oxia-servers/`. [start] returns
 * once every shard of every namespace has a leader that serves reads. Blocking.
 */
public class OxiaCluster
private constructor(
    /** The server version. */
    public val version: String,
    /** The data servers, in the order of the cluster configuration. */
    public val servers: List<OxiaNode>,
    /** The coordinator. */
    public val coordinator: OxiaNode,
    /** The namespaces the cluster was configured with. */
    public val namespaces: List<OxiaNamespace>,
) : AutoCloseable {
    /** The first data server's public address, a bootstrap address for clients. */
    public val serviceAddress: String
        get() = servers.first().publicAddress!!

    /** Every data server's public address. */
    public val publicAddresses: List<String>
        get() = servers.map { it.publicAddress!! }

    /**
     * Waits until every live server serves a shard map in which every shard of every namespace has
     * a leader, and every leader answers reads.
     *
     * @throws OxiaServerException when that does not happen within [timeoutMillis].
     */
    @JvmOverloads
    public fun awaitReady(timeoutMillis: Long = STARTUP_TIMEOUT_MS) {
        val ready = Readiness.await(timeoutMillis) { namespaces.all { namespaceReady(it.name) } }
        // The coordinator fails a server over only after it has seen it online once; a server
        // killed before that
        // keeps its shards leaderless. Wait (boundedly: log wording may differ between versions)
        // until it has.
        if (ready) Readiness.await(NODES_ONLINE_TIMEOUT_MS) { coordinatorSawAllServersOnline() }
        if (!ready) {
            throw OxiaServerException(
                "Oxia cluster did not become ready within ${timeoutMillis / 1000} s; coordinator log:\n" +
                    coordinator.logTail()
            )
        }
    }

    /**
     * The address of the leader of [shard] in [namespace] as the cluster reports it now, or `null`.
     */
    public fun leaderOf(namespace: String, shard: Long): String? =
        servers
            .filter { it.isAlive }
            .firstNotNullOfOrNull { node ->
                Readiness.assignments(node.publicAddress!!, namespace)
                    ?.namespacesMap
                    ?.get(namespace)
                    ?.assignmentsList
                    ?.firstOrNull { it.shard == shard }
                    ?.leader
                    ?.ifEmpty { null }
            }

    /** The data server whose public address is [address]. */
    public fun server(address: String): OxiaNode =
        servers.firstOrNull { it.publicAddress == address }
            ?: throw NoSuchElementException("no server at $address")

    private fun coordinatorSawAllServersOnline(): Boolean {
        val online = coordinator.logLines().filter { "back online" in it }
        return servers.all { server ->
            online.any { "\"public\":\"${server.publicAddress}\"" in it }
        }
    }

    private fun namespaceReady(namespace: String): Boolean {
        // Every live server must serve the shard map: clients may bootstrap from any of them.
        val snapshots =
            servers
                .filter { it.isAlive }
                .map { Readiness.assignments(it.publicAddress!!, namespace) }
        if (snapshots.isEmpty() || !snapshots.all { Readiness.allLed(it, namespace) }) return false
        return snapshots.first()!!.namespacesMap.getValue(namespace).assignmentsList.all {
            readProbe(namespace, it.shard, it.leader)
        }
    }

    private fun readProbe(namespace: String, shard: Long, leader: String): Boolean {
        val channel = Readiness.channel(leader)
        try {
            val stub =
                OxiaClientGrpc.newBlockingStub(channel)
                    .withDeadlineAfter(3, TimeUnit.SECONDS)
                    .withInterceptors(
                        MetadataUtils.newAttachHeadersInterceptor(
                            Readiness.namespaceHeader(namespace, shard)
                        )
                    )
            val request =
                ReadRequest.newBuilder()
                    .setShard(shard)
                    .addGets(GetRequest.newBuilder().setKey("probe"))
                    .build()
            return runCatching { stub.read(request).next() }.isSuccess
        } finally {
            channel.shutdownNow().awaitTermination(2, TimeUnit.SECONDS)
        }
    }

    /** Stops every process. Idempotent. */
    override fun close() {
        servers.forEach { it.stop() }
        coordinator.stop()
    }

    override fun toString(): String = "OxiaCluster($version, servers=$publicAddresses)"

    public companion object {
        private const val STARTUP_TIMEOUT_MS = 90_000L
        private const val NODES_ONLINE_TIMEOUT_MS = 20_000L

        /**
         * Starts a coordinator and [servers] data servers serving [namespaces], and waits until it
         * is ready.
         *
         * @throws OxiaServerException when no binary can be had or the cluster does not become
         *   ready.
         */
        @JvmStatic
        @JvmOverloads
        public fun start(
            servers: Int = 3,
            namespaces: List<OxiaNamespace> = listOf(OxiaNamespace("default")),
            version: String = OxiaBinary.configuredVersion(),
        ): OxiaCluster {
            require(servers > 0) { "servers must be positive" }
            require(namespaces.isNotEmpty()) { "a cluster needs at least one namespace" }
            val binary = OxiaBinary.resolve(version).toString()
            val dir = serverWorkDir("cluster")
            val ports = FreePorts.take(servers * 3 + 3)
            val nodes =
                (0 until servers).map { i ->
                    val (public, internal, metrics) = ports.subList(i * 3, i * 3 + 3)
                    val home = File(dir, "server-${i + 1}")
                    val command =
                        listOf(
                            binary,
                            "server",
                            "-p",
                            "127.0.0.1:$public",
                            "-i",
                            "127.0.0.1:$internal",
                            "-m",
                            "127.0.0.1:$metrics",
                            "--data-dir",
                            "$home/db",
                            "--wal-dir",
                            "$home/wal",
                            "--wal-sync-data=false",
                        )
                    OxiaNode(
                        "server-${i + 1}",
                        "127.0.0.1:$public",
                        ServerProcess(
                            "oxia server-${i + 1}",
                            command,
                            home.toPath().resolve("oxia.log"),
                        ),
                    )
                }
            val config = File(dir, "cluster.yaml")
            config.writeText(clusterYaml(namespaces, ports, servers))
            val (coordInternal, coordMetrics, coordPublic) =
                ports.subList(servers * 3, servers * 3 + 3)
            val coordinatorCommand =
                listOf(
                    binary,
                    "coordinator",
                    "-i",
                    "127.0.0.1:$coordInternal",
                    "-m",
                    "127.0.0.1:$coordMetrics",
                    "--conf",
                    config.path,
                    "--file-clusters-status-path",
                    "$dir/coordinator/status.json",
                ) +
                    (if (OxiaBinary.coordinatorHasPublicFlag(version))
                        listOf("-p", "127.0.0.1:$coordPublic")
                    else emptyList())
            val coordinator =
                OxiaNode(
                    "coordinator",
                    null,
                    ServerProcess(
                        "oxia coordinator",
                        coordinatorCommand,
                        dir.toPath().resolve("coordinator/oxia.log"),
                    ),
                )
            val cluster = OxiaCluster(version, nodes, coordinator, namespaces)
            try {
                nodes.forEach { it.restart() }
                coordinator.restart()
                cluster.awaitReady()
                return cluster
            } catch (e: Exception) {
                cluster.close()
                throw e as? OxiaServerException
                    ?: OxiaServerException("Oxia cluster failed to start: ${e.message}", e)
            }
        }

        private fun clusterYaml(
            namespaces: List<OxiaNamespace>,
            ports: List<Int>,
            servers: Int,
        ): String = buildString {
            appendLine("namespaces:")
            for (ns in namespaces) {
                appendLine("  - name: ${ns.name}")
                appendLine("    initialShardCount: ${ns.initialShardCount}")
                appendLine("    replicationFactor: ${ns.replicationFactor}")
                if (!ns.notificationsEnabled) appendLine("    notificationsEnabled: false")
            }
            appendLine("servers:")
            for (i in 0 until servers) {
                appendLine("  - public: 127.0.0.1:${ports[i * 3]}")
                appendLine("    internal: 127.0.0.1:${ports[i * 3 + 1]}")
            }
        }
    }
}
