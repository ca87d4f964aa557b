package io.oxia.coroutines.benchmarks

import java.net.URI
import java.net.http.HttpClient
import java.net.http.HttpRequest
import java.net.http.HttpResponse
import java.time.Duration

/**
 * The data requests the Oxia server has received: Read calls and the messages of WriteStream and
 * Write calls, whichever of its service names they used, from the server's own gRPC counters
 * (`grpc_server_msg_received_total` on its Prometheus endpoint). A window's operations divided by
 * the requests that arrived meanwhile is the client's batch size as the server saw it.
 */
object ServerRequests {
    private const val COUNTER = "grpc_server_msg_received_total{"
    private val METHODS = setOf("Read", "WriteStream", "Write")
    private val METHOD = Regex("""grpc_method="([^"]+)"""")
    private val http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build()

    /**
     * The count from the server whose metrics endpoint is [metricsAddress]; `null` if unreadable.
     */
    fun read(metricsAddress: String): Long? =
        try {
            val request =
                HttpRequest.newBuilder(URI("http://$metricsAddress/metrics"))
                    .timeout(Duration.ofSeconds(5))
                    .build()
            val response = http.send(request, HttpResponse.BodyHandlers.ofString())
            if (response.statusCode() == 200) count(response.body()) else null
        } catch (e: InterruptedException) {
            Thread.currentThread().interrupt()
            null
        } catch (e: Exception) {
            // A figure missing from the report is better than a failed worker.
            null
        }

    /** The count in [prometheusText], the server's metrics in Prometheus' text format. */
    fun count(prometheusText: String): Long =
        prometheusText
            .lineSequence()
            .filter { it.startsWith(COUNTER) }
            .filter { METHOD.find(it)?.groupValues?.get(1) in METHODS }
            // The value follows the labels, maybe with a timestamp after it; Go's Prometheus client
            // writes large counters in exponent form (1.5e+06).
            .sumOf { line ->
                line.substringAfterLast('}').trim().substringBefore(' ').toDouble().toLong()
            }
}
