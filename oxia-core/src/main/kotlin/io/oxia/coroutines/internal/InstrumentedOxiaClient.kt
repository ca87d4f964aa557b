package io.oxia.coroutines.internal

import io.oxia.coroutines.DeleteOptions
import io.oxia.coroutines.GetOptions
import io.oxia.coroutines.GetResult
import io.oxia.coroutines.OxiaClient
import io.oxia.coroutines.PutOptions
import io.oxia.coroutines.PutResult
import io.oxia.coroutines.RangeOptions
import io.oxia.coroutines.internal.observability.ClientHealth
import io.oxia.coroutines.internal.observability.ClientMetrics
import io.oxia.coroutines.internal.observability.OperationKind
import io.oxia.coroutines.internal.observability.OperationSpan
import io.oxia.coroutines.internal.observability.OperationTracer
import io.oxia.coroutines.internal.validation.utf8Length
import kotlin.time.Duration
import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.currentCoroutineContext
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.flow
import kotlinx.coroutines.isActive
import kotlinx.coroutines.withContext

/**
 * [client] with each operation measured by [metrics] and traced by [tracer]. The client is wrapped
 * only when the user gave an `OpenTelemetry`: without one, operations pay nothing for either.
 */
internal class InstrumentedOxiaClient(
    private val client: OxiaClient,
    private val metrics: ClientMetrics?,
    private val tracer: OperationTracer?,
) : OxiaClient by client {
    override suspend fun put(key: String, value: ByteArray, options: PutOptions): PutResult =
        observe(OperationKind.PUT, value.size, { value.size.toLong() }) {
            client.put(key, value, options)
        }

    override suspend fun get(key: String, options: GetOptions): GetResult? =
        observe(OperationKind.GET, 0, { it?.value?.size?.toLong() ?: 0 }) {
            client.get(key, options)
        }

    override suspend fun delete(key: String, options: DeleteOptions): Boolean =
        observe(OperationKind.DELETE, 0, { 0 }) { client.delete(key, options) }

    override suspend fun deleteRange(
        startInclusive: String,
        endExclusive: String,
        partitionKey: String?,
        timeout: Duration?,
    ): Unit =
        observe(OperationKind.DELETE_RANGE, 0, { 0 }) {
            client.deleteRange(startInclusive, endExclusive, partitionKey, timeout)
        }

    override fun list(
        startInclusive: String,
        endExclusive: String,
        options: RangeOptions,
    ): Flow<String> =
        observed(OperationKind.LIST, client.list(startInclusive, endExclusive, options)) {
            utf8Length(it)
        }

    override fun rangeScan(
        startInclusive: String,
        endExclusive: String,
        options: RangeOptions,
    ): Flow<GetResult> =
        observed(
            OperationKind.RANGE_SCAN,
            client.rangeScan(startInclusive, endExclusive, options),
        ) {
            it.value?.size?.toLong() ?: 0
        }

    private suspend inline fun <T> observe(
        kind: OperationKind,
        putBytes: Int,
        size: (T) -> Long,
        crossinline operation: suspend () -> T,
    ): T {
        val start = System.nanoTime()
        metrics?.operationStarted(kind, putBytes)
        val span = tracer?.start(kind)
        var failure: Throwable? = null
        try {
            // A span that records nothing (sampled out) has nothing to learn from the routing.
            val result =
                if (span == null || !span.isRecording) operation()
                else withContext(OperationSpan(span)) { operation() }
            metrics?.operationEnded(kind, start, true, size(result), putBytes)
            return result
        } catch (e: Throwable) {
            failure = e
            metrics?.operationEnded(kind, start, false, 0, putBytes)
            throw e
        } finally {
            if (span != null) tracer?.end(span, failure)
        }
    }

    /**
     * [source], measured from the start of its collection to its end. A collector that stops early
     * (`first`, `take`) ends it with success: only a failure of the stream counts as one.
     */
    private fun <T> observed(kind: OperationKind, source: Flow<T>, size: (T) -> Long): Flow<T> =
        flow {
            val start = System.nanoTime()
            metrics?.operationStarted(kind, 0)
            val span = tracer?.start(kind)
            var bytes = 0L
            var failure: Throwable? = null
            try {
                source.collect {
                    if (metrics != null) bytes += size(it)
                    emit(it)
                }
            } catch (e: Throwable) {
                val stoppedEarly = e is CancellationException && currentCoroutineContext().isActive
                if (!stoppedEarly) failure = e
                throw e
            } finally {
                metrics?.operationEnded(kind, start, failure == null, bytes, 0)
                if (span != null) tracer?.end(span, failure)
            }
        }

    companion object {
        /** [client] as is, or measured and traced when the user gave an `OpenTelemetry`. */
        fun of(client: OxiaClient, health: ClientHealth): OxiaClient {
            val telemetry = client.config.openTelemetry ?: return client
            val tracer = OperationTracer(telemetry, client.config.namespace)
            return InstrumentedOxiaClient(client, health.metrics, tracer)
        }
    }
}
