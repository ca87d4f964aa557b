package io.oxia.coroutines.it.telemetry

import io.opentelemetry.api.common.AttributeKey
import io.opentelemetry.api.common.Attributes
import io.opentelemetry.context.Context
import io.opentelemetry.context.Scope
import io.opentelemetry.sdk.OpenTelemetrySdk
import io.opentelemetry.sdk.metrics.SdkMeterProvider
import io.opentelemetry.sdk.metrics.data.MetricData
import io.opentelemetry.sdk.testing.exporter.InMemoryMetricReader
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter
import io.opentelemetry.sdk.trace.SdkTracerProvider
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor
import kotlin.coroutines.CoroutineContext
import kotlinx.coroutines.ThreadContextElement

/** An OpenTelemetry SDK whose metrics and spans a spec reads back. */
class Telemetry {
    val metrics: InMemoryMetricReader = InMemoryMetricReader.create()
    val spans: InMemorySpanExporter = InMemorySpanExporter.create()
    val sdk: OpenTelemetrySdk =
        OpenTelemetrySdk.builder()
            .setMeterProvider(SdkMeterProvider.builder().registerMetricReader(metrics).build())
            .setTracerProvider(
                SdkTracerProvider.builder()
                    .addSpanProcessor(SimpleSpanProcessor.create(spans))
                    .build()
            )
            .build()

    /** The metrics recorded so far (cumulative). */
    fun collect(): Metrics = Metrics(metrics.collectAllMetrics())
}

/** One collection of metrics, read by instrument name and attributes. */
class Metrics(private val data: Collection<MetricData>) {
    val names: Set<String>
        get() = data.map { it.name }.toSet()

    /**
     * The sum of the counter or up-down counter [name] over the points whose attributes hold
     * [where].
     */
    fun sum(name: String, vararg where: Pair<String, Any>): Long =
        points(name, where).sumOf {
            when (it) {
                is io.opentelemetry.sdk.metrics.data.LongPointData -> it.value
                else -> error("$name is not a long sum")
            }
        }

    /** The number of recordings of the histogram [name] over the points that hold [where]. */
    fun count(name: String, vararg where: Pair<String, Any>): Long =
        points(name, where).sumOf {
            (it as? io.opentelemetry.sdk.metrics.data.HistogramPointData)?.count
                ?: error("$name is not a histogram")
        }

    /** The sum of the recordings of the histogram [name] over the points that hold [where]. */
    fun total(name: String, vararg where: Pair<String, Any>): Double =
        points(name, where).sumOf {
            (it as? io.opentelemetry.sdk.metrics.data.HistogramPointData)?.sum
                ?: error("$name is not a histogram")
        }

    /** The attribute sets of [name]'s points. */
    fun attributes(name: String): List<Attributes> =
        points(name, emptyArray()).map { it.attributes }

    private fun points(name: String, where: Array<out Pair<String, Any>>) =
        data
            .filter { it.name == name }
            .flatMap { it.data.points }
            .filter { point ->
                where.all { (key, value) ->
                    point.attributes.asMap().entries.any { it.key.key == key && it.value == value }
                }
            }

    override fun toString(): String =
        data.joinToString("\n") { m ->
            "${m.name}: " + m.data.points.joinToString { "${it.attributes} $it" }
        }
}

/**
 * Carries an OpenTelemetry [context] with a coroutine across threads, as the context element of
 * `opentelemetry-extension-kotlin` does.
 */
class OtelContext(private val context: Context) : ThreadContextElement<Scope> {
    override val key: CoroutineContext.Key<*>
        get() = Key

    override fun updateThreadContext(context: CoroutineContext): Scope = this.context.makeCurrent()

    override fun restoreThreadContext(context: CoroutineContext, oldState: Scope) = oldState.close()

    companion object Key : CoroutineContext.Key<OtelContext>
}

val SHARD_KEY: AttributeKey<Long> = AttributeKey.longKey("oxia.shard")
