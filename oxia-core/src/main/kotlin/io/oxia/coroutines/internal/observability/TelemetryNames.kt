package io.oxia.coroutines.internal.observability

import io.opentelemetry.api.common.AttributeKey

/** The names the client's metrics and spans share: their scope, attributes and buckets. */
internal object TelemetryNames {
    /** The instrumentation scope of the client's meter and tracer. */
    const val SCOPE = "io.oxia.coroutines"

    val NAMESPACE: AttributeKey<String> = AttributeKey.stringKey("oxia.namespace")
    val OP: AttributeKey<String> = AttributeKey.stringKey("oxia.op")
    val STATUS: AttributeKey<String> = AttributeKey.stringKey("oxia.response.status")
    val BATCH: AttributeKey<String> = AttributeKey.stringKey("oxia.batch.type")
    val SHARD: AttributeKey<Long> = AttributeKey.longKey("oxia.shard")
    val STREAM: AttributeKey<String> = AttributeKey.stringKey("oxia.stream")
    val RETRY_CAUSE: AttributeKey<String> = AttributeKey.stringKey("oxia.retry.cause")
    val RECONNECT_CAUSE: AttributeKey<String> = AttributeKey.stringKey("oxia.reconnect.cause")

    const val NANOS_PER_SECOND = 1e9

    /** Seconds; the official clients' buckets, so that histograms from both line up. */
    val LATENCY_BUCKETS: List<Double> =
        listOf(
            .0005,
            .001,
            .0025,
            .005,
            .01,
            .025,
            .05,
            .1,
            .25,
            .5,
            1.0,
            2.5,
            5.0,
            10.0,
            30.0,
            60.0,
        )

    /** Operations per batch. */
    val BATCH_SIZE_BUCKETS: List<Long> = listOf(1L, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1000)
}
