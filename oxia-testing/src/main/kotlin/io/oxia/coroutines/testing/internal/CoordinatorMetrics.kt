package io.oxia.coroutines.testing.internal

/**
 * What the coordinator thinks of its data servers, read from its Prometheus endpoint: the gauge
 * `oxia_coordinator_node_running{node="<internal address>"}` is 1 while it considers the node
 * running. The coordinator reacts to a node's failure only while it considers the node running, so
 * fault tests must not kill a node before this says so.
 */
internal object CoordinatorMetrics {
    private val GAUGE =
        Regex("""^oxia_coordinator_node_running\{[^}]*node="([^"]+)"[^}]*}\s+(\S+)""")

    /**
     * The node running flags by internal address; empty when the endpoint does not publish the
     * gauge (other server versions may name it differently); `null` when it cannot be read.
     */
    fun nodesRunning(metricsAddress: String): Map<String, Boolean>? {
        val text = PrometheusEndpoint.text(metricsAddress) ?: return null
        val gauges =
            text
                .lineSequence()
                .mapNotNull { GAUGE.find(it) }
                .associate {
                    it.groupValues[1] to (it.groupValues[2].toDoubleOrNull() == 1.0)
                }
        return gauges
    }
}
