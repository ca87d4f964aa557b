package io.oxia.coroutines.testing.internal

import io.oxia.coroutines.testing.OxiaNamespace
import io.oxia.coroutines.testing.OxiaNode
import io.oxia.coroutines.testing.OxiaServerException

/**
 * What a local cluster still lacks before it serves every namespace, or `null` when it lacks
 * nothing: the coordinator's view of the data servers, every live server's shard map, and a write
 * probe to every shard leader (see `OxiaCluster.awaitReady`).
 */
internal class ClusterReadiness(
    private val version: String,
    private val servers: List<OxiaNode>,
    private val coordinator: OxiaNode,
    private val namespaces: List<OxiaNamespace>,
    private val coordinatorMetrics: String,
    private val access: PublicPortAccess,
) {
    /** Throws when one of [nodes] is not running, with the tail of its log. */
    fun failIfAnyExited(nodes: List<OxiaNode>) {
        nodes
            .firstOrNull { !it.isAlive }
            ?.let {
                throw OxiaServerException(
                    "Oxia ${it.name} ($version) exited while the cluster started; its log " +
                        "${it.logFile} ends with:\n${it.logTail()}"
                )
            }
    }

    /**
     * The coordinator's view counts only while [metricsRequired] or while its metrics endpoint
     * answers: a build whose endpoint never does must not make the cluster unusable.
     */
    fun notReadyBecause(metricsRequired: Boolean): String? {
        val live = servers.filter { it.isAlive && !it.isPaused }
        if (live.isEmpty()) return "no data server is running unpaused"
        if (coordinator.isAlive) {
            val running = CoordinatorMetrics.nodesRunning(coordinatorMetrics)
            if (running == null && metricsRequired) {
                return "the coordinator's metrics endpoint $coordinatorMetrics does not answer"
            }
            // Empty: this version publishes no such gauge; the shard checks must do. Up to v0.15
            // the gauge names a server by internal address, from v0.17 by the name it was created
            // with.
            val notSeen = live.filter {
                !running.isNullOrEmpty() &&
                    (running[it.internalAddress] ?: running[it.name]) != true
            }
            if (notSeen.isNotEmpty()) {
                return "the coordinator does not consider ${notSeen.map { it.name }} running yet"
            }
        }
        for (namespace in namespaces.map { it.name }) {
            val snapshots = live.map {
                it to Readiness.assignments(it.publicAddress!!, namespace, access)
            }
            snapshots
                .firstOrNull { (_, snapshot) -> !Readiness.allLed(snapshot, namespace) }
                ?.let { (node, _) ->
                    return "${node.name} does not list a leader for every shard of '$namespace'"
                }
            val shards =
                snapshots.first().second!!.namespacesMap.getValue(namespace).assignmentsList
            for (shard in shards) {
                WriteProbe.refusal(shard.leader, namespace, shard.shard, access)?.let {
                    return "leader ${shard.leader} of shard ${shard.shard} of '$namespace' does not accept writes: $it"
                }
            }
        }
        return null
    }

    /** The leader of [shard] in [namespace] as the first live, unpaused data server reports it. */
    fun leaderOf(namespace: String, shard: Long): String? =
        servers
            .filter { it.isAlive && !it.isPaused }
            .firstNotNullOfOrNull { node ->
                Readiness.assignments(node.publicAddress!!, namespace, access)
                    ?.namespacesMap
                    ?.get(namespace)
                    ?.assignmentsList
                    ?.firstOrNull { it.shard == shard }
                    ?.leader
                    ?.ifEmpty { null }
            }
}
