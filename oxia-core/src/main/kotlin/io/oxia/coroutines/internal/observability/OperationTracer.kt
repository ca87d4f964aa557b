package io.oxia.coroutines.internal.observability

import io.opentelemetry.api.OpenTelemetry
import io.opentelemetry.api.common.AttributeKey
import io.opentelemetry.api.trace.Span
import io.opentelemetry.api.trace.SpanKind
import io.opentelemetry.api.trace.StatusCode
import io.opentelemetry.api.trace.Tracer
import io.opentelemetry.context.Context

/**
 * Starts the span of each operation, a child of the caller's current span. Its attributes name the
 * operation, the namespace and (once routed) the shard, never a key or a value.
 */
internal class OperationTracer(openTelemetry: OpenTelemetry, private val namespace: String) {
    private val tracer: Tracer = openTelemetry.getTracer(TelemetryNames.SCOPE)

    /** A started span for an operation of [kind], parented by [Context.current]. */
    fun start(kind: OperationKind): Span =
        tracer
            .spanBuilder("oxia ${kind.label}")
            .setSpanKind(SpanKind.CLIENT)
            .setParent(Context.current())
            .setAttribute(DB_SYSTEM, "oxia")
            .setAttribute(DB_OPERATION, kind.label)
            .setAttribute(TelemetryNames.OP, kind.label)
            .setAttribute(TelemetryNames.NAMESPACE, namespace)
            .startSpan()

    /** Ends [span] with the outcome: [failure] or success. */
    fun end(span: Span, failure: Throwable?) {
        if (failure != null) {
            span.setStatus(StatusCode.ERROR, failure.javaClass.simpleName)
            span.setAttribute(ERROR_TYPE, failure.javaClass.name)
        }
        span.end()
    }

    private companion object {
        val DB_SYSTEM: AttributeKey<String> = AttributeKey.stringKey("db.system.name")
        val DB_OPERATION: AttributeKey<String> = AttributeKey.stringKey("db.operation.name")
        val ERROR_TYPE: AttributeKey<String> = AttributeKey.stringKey("error.type")
    }
}
