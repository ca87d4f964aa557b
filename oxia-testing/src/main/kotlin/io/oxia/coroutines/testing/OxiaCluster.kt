package io.oxia.coroutines.testing

import io.oxia.coroutines.testing.internal.AdminCommands
import io.oxia.coroutines.testing.internal.ClusterLayout
import io.oxia.coroutines.testing.internal.ClusterReadiness
import io.oxia.coroutines.testing.internal.PublicPortAccess
import io.oxia.coroutines.testing.internal.Readiness
import io.oxia.coroutines.testing.internal.serverWorkDir
import java.nio.file.Path

/**
 * A real Oxia cluster on this machine: a coordinator and several data servers, each its own process
 * with its own loopback ports and folders under `target/oxia-servers/cluster-…/` (kept after the
 * test, with each process's log and the `cluster.yaml` the kit wrote). Up to Oxia v0.15 the
 * coordinator reads that file; from v0.17 (any binary that offers `oxia admin dataserver create`)
 * the kit creates the same data servers and namespaces through the coordinator's admin API instead
 * and the file is a record of them. Every cluster starts from empty folders. [start] returns once
 * the cluster is ready (see [awaitReady]). The data servers' public ports can be secured with TLS
 * and token authentication (see [OxiaSecurity]).
 *
 * Threading: every method blocks (starting takes seconds) and is safe to call from any thread; do
 * not call it on a coroutine dispatcher that must not block (use `Dispatchers.IO`).
 *
 * After [close], the processes are gone; [servers] and [coordinator] can restart them, but the
 * cluster is meant to be discarded. A JVM shutdown hook kills any process still running.
 */
public class OxiaCluster
private constructor(
    /** The server version the processes run. */
    public val version: String,
    /** The data servers, in the order of the cluster configuration. */
    public val servers: List<OxiaNode>,
    /** The coordinator; it can be killed and restarted like a data server. */
    public val coordinator: OxiaNode,
    /** The namespaces the cluster was configured with. */
    public val namespaces: List<OxiaNamespace>,
    /**
     * The `cluster.yaml` describing the data servers and namespaces: the coordinator's
     * configuration up to v0.15, a record of what the kit created through the admin API from v0.17.
     */
    public val configFile: Path,
    /** How the data servers' public ports are secured. */
    public val security: OxiaSecurity,
    /** The coordinator's admin address, when the kit set the cluster up through it; else `null`. */
    public val adminAddress: String?,
    private val coordinatorMetrics: String,
) : AutoCloseable {
    private val access = PublicPortAccess(security)
    private val readiness =
        ClusterReadiness(version, servers, coordinator, namespaces, coordinatorMetrics, access)

    /**
     * The first data server's public address, exactly as `cluster.yaml` spells it
     * (`127.0.0.1:port`): a bootstrap address for clients.
     */
    public val serviceAddress: String
        get() = publicAddresses.first()

    /** Every data server's public address, in the order of [servers]. */
    public val publicAddresses: List<String>
        get() = servers.map { it.publicAddress!! }

    /**
     * Waits until the cluster serves every namespace: the coordinator considers every running data
     * server up (so that it will fail over a server killed next); every running, unpaused data
     * server returns a shard map in which every shard of every namespace has a leader; and each of
     * those leaders accepts a write over WriteStream (a conditional put that the server rejects, so
     * it leaves no record and consumes no version id). Killed and paused servers are left out (a
     * shard led by a paused server is not ready until the coordinator moves it); call it after
     * [OxiaNode.restart] to wait for the cluster to take the node back.
     *
     * @throws OxiaServerException when that does not happen within [timeoutMillis], saying what was
     *   still missing, with the tail of the coordinator's log.
     */
    @JvmOverloads
    public fun awaitReady(timeoutMillis: Long = STARTUP_TIMEOUT_MS) {
        awaitReady(timeoutMillis, duringStart = false)
    }

    private fun awaitReady(timeoutMillis: Long, duringStart: Boolean) {
        var missing = "nothing checked yet"
        val metricsGraceEnd = System.nanoTime() + METRICS_GRACE_MS * 1_000_000
        val ready =
            Readiness.await(timeoutMillis) {
                if (duringStart) readiness.failIfAnyExited(servers + coordinator)
                val metricsRequired = System.nanoTime() < metricsGraceEnd
                missing = readiness.notReadyBecause(metricsRequired) ?: return@await true
                false
            }
        if (!ready) {
            throw OxiaServerException(
                "Oxia cluster ($version) did not become ready within ${timeoutMillis / 1000} s: $missing. " +
                    "Logs are in ${configFile.parent}; coordinator log tail:\n${coordinator.logTail()}"
            )
        }
    }

    /**
     * The leader of [shard] in [namespace] as the first running, unpaused data server reports it
     * now, or `null` when none reports one.
     */
    public fun leaderOf(namespace: String, shard: Long): String? =
        readiness.leaderOf(namespace, shard)

    /**
     * The data server whose public address is [address].
     *
     * @throws NoSuchElementException when no data server has that address.
     */
    public fun server(address: String): OxiaNode =
        servers.firstOrNull { it.publicAddress == address }
            ?: throw NoSuchElementException("no data server at $address in $this")

    /**
     * Stops every process (SIGTERM, then SIGKILL after 10 s; paused ones are resumed first). Keeps
     * their folders and logs. Idempotent.
     */
    override fun close() {
        coordinator.stop()
        servers.forEach { it.stop() }
    }

    override fun toString(): String = "OxiaCluster($version, servers=$publicAddresses)"

    public companion object {
        private const val STARTUP_TIMEOUT_MS = 90_000L
        private const val LISTEN_TIMEOUT_MS = 30_000L
        private const val METRICS_GRACE_MS = 15_000L
        private const val PORT_ATTEMPTS = 3

        /**
         * Starts a coordinator and [servers] data servers serving [namespaces] (default: `default`
         * with 3 shards, replication factor 3), in fresh folders, with public ports secured as
         * [security] says, and waits until it is ready (see [awaitReady]; at most 90 s). Ports that
         * another process takes in the meantime make it start over on new ports, up to 3 times.
         *
         * @throws OxiaServerException when no binary can be had (see [OxiaBinary.resolve]), a
         *   process exits while starting, or the cluster does not become ready; the message carries
         *   the relevant log tail.
         * @throws IllegalArgumentException when [servers] is not positive, [namespaces] is empty or
         *   repeats a name, or a replication factor exceeds [servers].
         */
        @JvmStatic
        @JvmOverloads
        public fun start(
            servers: Int = 3,
            namespaces: List<OxiaNamespace> = listOf(OxiaNamespace("default")),
            version: String = OxiaBinary.configuredVersion(),
            security: OxiaSecurity = OxiaSecurity.NONE,
        ): OxiaCluster {
            require(servers > 0) { "servers must be positive" }
            require(namespaces.isNotEmpty()) { "a cluster needs at least one namespace" }
            require(namespaces.map { it.name }.toSet().size == namespaces.size) {
                "namespace names must be distinct: $namespaces"
            }
            namespaces
                .firstOrNull { it.replicationFactor > servers }
                ?.let {
                    throw IllegalArgumentException("$it needs more than $servers data servers")
                }
            val binary = OxiaBinary.resolve(version).toString()
            val adminSetup = AdminCommands.supported(binary)
            var clash: OxiaServerException? = null
            repeat(PORT_ATTEMPTS) {
                val layout =
                    ClusterLayout(
                        binary,
                        serverWorkDir("cluster"),
                        servers,
                        namespaces,
                        OxiaBinary.coordinatorHasPublicFlag(version),
                        security,
                        adminSetup,
                    )
                val cluster = assemble(version, layout, namespaces, security)
                try {
                    cluster.boot(layout)
                    return cluster
                } catch (e: Exception) {
                    cluster.close()
                    val failure =
                        e as? OxiaServerException
                            ?: OxiaServerException("Oxia cluster failed to start: ${e.message}", e)
                    if ((cluster.servers + cluster.coordinator).none { it.portClash() })
                        throw failure
                    clash = failure
                }
            }
            throw clash!!
        }

        private fun assemble(
            version: String,
            layout: ClusterLayout,
            namespaces: List<OxiaNamespace>,
            security: OxiaSecurity,
        ) =
            OxiaCluster(
                version,
                layout.serverNodes(),
                layout.coordinatorNode(),
                namespaces,
                layout.configFile.toPath(),
                security,
                layout.coordinatorAdmin.takeIf { layout.adminSetup },
                layout.coordinatorMetrics,
            )
    }

    private fun boot(layout: ClusterLayout) {
        layout.writeConfig()
        servers.forEach { it.start() }
        // The coordinator fails a server over only after a health check found it up; servers that
        // are already listening at its first check count as up at once.
        awaitListening("data servers", "their ports", servers) {
            layout.servers.all {
                Readiness.listening(it.public) && Readiness.listening(it.internal)
            }
        }
        coordinator.start()
        if (layout.adminSetup) {
            val port = "its admin port ${layout.coordinatorAdmin}"
            awaitListening("coordinator", port, servers + coordinator) {
                Readiness.listening(layout.coordinatorAdmin)
            }
            layout.createThroughAdmin()
        }
        awaitReady(STARTUP_TIMEOUT_MS, duringStart = true)
    }

    private fun awaitListening(
        who: String,
        what: String,
        nodes: List<OxiaNode>,
        listening: () -> Boolean,
    ) {
        if (
            Readiness.await(LISTEN_TIMEOUT_MS) {
                readiness.failIfAnyExited(nodes)
                listening()
            }
        )
            return
        throw OxiaServerException(
            "Oxia $who ($version) did not open $what within ${LISTEN_TIMEOUT_MS / 1000} s; logs are " +
                "in ${configFile.parent}; coordinator log tail:\n${coordinator.logTail()}"
        )
    }
}
