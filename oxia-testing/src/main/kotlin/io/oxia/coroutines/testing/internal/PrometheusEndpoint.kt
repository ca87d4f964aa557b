package io.oxia.coroutines.testing.internal

import java.net.HttpURLConnection
import java.net.URI

/** The metrics an Oxia process publishes on its Prometheus endpoint, in the text format. */
internal object PrometheusEndpoint {
    /** The text served at `http://[metricsAddress]/metrics`; `null` when it cannot be read. */
    fun text(metricsAddress: String): String? = runCatching {
        val connection =
            URI("http://$metricsAddress/metrics").toURL().openConnection() as HttpURLConnection
        connection.connectTimeout = 1_000
        connection.readTimeout = 2_000
        try {
            connection.inputStream.use { it.readBytes().toString(Charsets.UTF_8) }
        } finally {
            connection.disconnect()
        }
    }
        .getOrNull()
}
