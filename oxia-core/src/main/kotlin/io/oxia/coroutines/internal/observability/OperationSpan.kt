package io.oxia.coroutines.internal.observability

import io.opentelemetry.api.common.Attributes
import io.opentelemetry.api.trace.Span
import kotlin.coroutines.AbstractCoroutineContextElement
import kotlin.coroutines.CoroutineContext
import kotlinx.coroutines.currentCoroutineContext

/**
 * The span of the operation a coroutine runs, so that the parts that learn its shard can name it.
 * Present only while tracing is on; looking it up when it is absent is the whole cost of tracing
 * then.
 */
internal class OperationSpan(val span: Span) : AbstractCoroutineContextElement(Key) {
    /** The operation went to [shard]. */
    fun shard(shard: Long) {
        span.setAttribute(TelemetryNames.SHARD, shard)
    }

    /** An attempt failed for [cause] and is made again. */
    fun retried(cause: String) {
        span.addEvent("retry", Attributes.of(TelemetryNames.RETRY_CAUSE, cause))
    }

    /** The key of [OperationSpan] in a coroutine context. */
    companion object Key : CoroutineContext.Key<OperationSpan>
}

/** Names [shard] on the span of the calling operation, if it has one. */
internal suspend fun spanShard(shard: Long) {
    currentCoroutineContext()[OperationSpan]?.shard(shard)
}
