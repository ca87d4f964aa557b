package io.oxia.coroutines.testing.internal

/**
 * What the coordinator thinks of its data servers, read from its Prometheus endpoint: the gauge
 * `oxia_coordinator_node_running` (v0.17: `oxia_coordinator_node_running_count`) is 1 while it
 * considers a data server running. Its label is `node` (v0.14) or `data_server` (v0.15 on): the
 * server's internal address up to v0.15, from v0.17 the name it was created with. The coordinator
 * reacts to a node's failure only while it considers the node running, so fault tests must not kill
 * a node before this says so.
 */
internal object CoordinatorMetrics {
    private val GAUGE =
        Regex(
            """^oxia_coordinator_node_running(?:_count)?\{[^}]*\b(?:node|data_server)="([^"]+)"[^}]*}\s+(\S+)"""
        )

    /**
     * The running flags by the gauge's `node` or `data_server` label; empty when the endpoint does
     * not publish the gauge (other server versions may name it differently); `null` when it cannot
     * be read.
     */
    fun nodesRunning(metricsAddress: String): Map<String, Boolean>? {
        val text = PrometheusEndpoint.text(metricsAddress) ?: return null
        return parse(text)
    }

    /** The running flags by label value in a Prometheus text exposition [text]. */
    fun parse(text: String): Map<String, Boolean> =
        text
            .lineSequence()
            .mapNotNull { GAUGE.find(it) }
            .associate { it.groupValues[1] to (it.groupValues[2].toDoubleOrNull() == 1.0) }
}
