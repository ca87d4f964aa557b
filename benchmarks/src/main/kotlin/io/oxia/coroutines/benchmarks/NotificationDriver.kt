package io.oxia.coroutines.benchmarks

import java.util.concurrent.ConcurrentHashMap
import kotlin.time.Duration.Companion.milliseconds
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.delay
import kotlinx.coroutines.job
import kotlinx.coroutines.launch
import kotlinx.coroutines.withTimeout

/**
 * W5: puts of fresh keys at [WorkloadParameters.notificationRate] per second through the same
 * client that listens to notifications; the latency is the time from starting a put to receiving
 * its notification. The subscription is known to be live once a probe key's notification arrived.
 * Operations are notifications received, so CPU and allocation include the puts that caused them.
 */
class NotificationDriver(private val parameters: WorkloadParameters) {
    /** Runs warm-up then measurement over [client]. */
    suspend fun run(client: BenchClient): CaseResult = coroutineScope {
        val window = MeasurementWindow()
        val sent = ConcurrentHashMap<String, Long>()
        client.subscribe { key ->
            val at = sent.remove(key)
            if (at != null) window.recorder.recordValue(System.nanoTime() - at)
        }
        val prefix = "/bench/notify/${System.currentTimeMillis()}/"
        val value = ByteArray(parameters.valueSize)
        withTimeout(30_000) {
            var probe = 0
            while (true) {
                val key = "${prefix}probe-${probe++}"
                sent[key] = System.nanoTime()
                client.put(key, value)
                delay(500.milliseconds)
                if (!sent.containsKey(key)) break
            }
        }
        sent.clear()
        tickAtFixedRate(parameters.notificationRate, parameters, window) { i, _ ->
            val key = prefix + i
            launch {
                sent[key] = System.nanoTime()
                try {
                    client.put(key, value)
                } catch (e: Exception) {
                    sent.remove(key)
                    window.errors.incrementAndGet()
                }
            }
        }
        coroutineContext.job.children.forEach { it.join() }
        val result = window.end()
        // Puts whose notification has still not arrived a second after the last put.
        delay(1000)
        result.copy(extra = mapOf("notificationsMissing" to sent.size.toDouble()))
    }
}
