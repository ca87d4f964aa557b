package io.oxia.coroutines.benchmarks

import io.opentelemetry.api.OpenTelemetry
import io.opentelemetry.sdk.OpenTelemetrySdk
import io.opentelemetry.sdk.metrics.SdkMeterProvider
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader
import io.opentelemetry.sdk.trace.SdkTracerProvider
import io.opentelemetry.sdk.trace.samplers.Sampler
import io.oxia.coroutines.GetOptions
import io.oxia.coroutines.OxiaClient
import io.oxia.coroutines.PutOptions
import io.oxia.coroutines.notifications
import io.oxia.coroutines.rangeScan
import kotlin.time.Duration.Companion.microseconds
import kotlin.time.Duration.Companion.seconds
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.SupervisorJob
import kotlinx.coroutines.cancel
import kotlinx.coroutines.launch

/**
 * [BenchClient] over this project's coroutine client, with its default settings. For tuning
 * experiments, the system properties `oxia.bench.maxInFlightBatchesPerShard` and
 * `oxia.bench.batchLingerMicros` override those settings; `oxia.bench.metrics=true` gives the
 * client an OpenTelemetry SDK that records its metrics (read by nothing), to measure what they
 * cost.
 */
class CoroutineBenchClient private constructor(private val client: OxiaClient) : BenchClient {
    private val scope = CoroutineScope(SupervisorJob() + Dispatchers.Default)

    override suspend fun put(key: String, value: ByteArray) {
        client.put(key, value, PutOptions.DEFAULT)
    }

    override suspend fun get(key: String): ByteArray? = client.get(key, GetOptions.DEFAULT)?.value

    override suspend fun scan(start: String, end: String): Long {
        var count = 0L
        client.rangeScan(start, end).collect { count++ }
        return count
    }

    override fun subscribe(onKey: (String) -> Unit) {
        scope.launch { client.notifications().collect { onKey(it.key) } }
    }

    override fun close() {
        scope.cancel()
        client.close()
    }

    companion object {
        /** Connects to [address]. */
        suspend fun connect(address: String): BenchClient =
            CoroutineBenchClient(
                OxiaClient.connect(address) {
                    requestTimeout = 30.seconds
                    System.getProperty("oxia.bench.maxInFlightBatchesPerShard")?.let {
                        maxInFlightBatchesPerShard = it.toInt()
                    }
                    System.getProperty("oxia.bench.batchLingerMicros")?.let {
                        batchLinger = it.toLong().microseconds
                    }
                    if (System.getProperty("oxia.bench.metrics") == "true") {
                        openTelemetry = meteredOpenTelemetry()
                    }
                }
            )
    }
}

/**
 * An SDK that records metrics in memory, as an application's would between exports, and samples no
 * span: the cost of the metrics alone.
 */
private fun meteredOpenTelemetry(): OpenTelemetry =
    OpenTelemetrySdk.builder()
        .setMeterProvider(
            SdkMeterProvider.builder().registerMetricReader(InMemoryMetricReader.create()).build()
        )
        .setTracerProvider(SdkTracerProvider.builder().setSampler(Sampler.alwaysOff()).build())
        .build()
