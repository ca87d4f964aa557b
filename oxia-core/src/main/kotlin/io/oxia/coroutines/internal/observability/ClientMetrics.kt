package io.oxia.coroutines.internal.observability

import io.opentelemetry.api.OpenTelemetry
import io.opentelemetry.api.common.AttributeKey
import io.opentelemetry.api.common.Attributes
import io.opentelemetry.api.metrics.Meter
import io.oxia.coroutines.internal.observability.TelemetryNames.BATCH
import io.oxia.coroutines.internal.observability.TelemetryNames.BATCH_SIZE_BUCKETS
import io.oxia.coroutines.internal.observability.TelemetryNames.LATENCY_BUCKETS
import io.oxia.coroutines.internal.observability.TelemetryNames.NAMESPACE
import io.oxia.coroutines.internal.observability.TelemetryNames.NANOS_PER_SECOND
import io.oxia.coroutines.internal.observability.TelemetryNames.OP
import io.oxia.coroutines.internal.observability.TelemetryNames.RECONNECT_CAUSE
import io.oxia.coroutines.internal.observability.TelemetryNames.RETRY_CAUSE
import io.oxia.coroutines.internal.observability.TelemetryNames.SCOPE
import io.oxia.coroutines.internal.observability.TelemetryNames.SHARD
import io.oxia.coroutines.internal.observability.TelemetryNames.STATUS
import io.oxia.coroutines.internal.observability.TelemetryNames.STREAM
import java.util.concurrent.ConcurrentHashMap

/**
 * The client's OpenTelemetry instruments. Made only when the user gives an `OpenTelemetry`: without
 * one the client holds `null` instead and records nothing.
 *
 * The names and attributes the official Java client also has mean the same here (`oxia.client.ops`
 * with `oxia.op` and `oxia.response.status`, `oxia.client.ops.req` with `oxia.batch.type`, ...), so
 * that dashboards carry over; every instrument has the `oxia.namespace` attribute.
 */
internal class ClientMetrics(openTelemetry: OpenTelemetry, namespace: String) {
    private val meter: Meter = openTelemetry.meterBuilder(SCOPE).build()
    private val base = Attributes.of(NAMESPACE, namespace)

    private val ops =
        meter
            .histogramBuilder("oxia.client.ops")
            .setDescription("Duration of operations")
            .setUnit("s")
            .setExplicitBucketBoundariesAdvice(LATENCY_BUCKETS)
            .build()
    private val opsSize =
        meter
            .counterBuilder("oxia.client.ops.size")
            .setDescription("Bytes of the values written and read, and of the keys listed")
            .setUnit("By")
            .build()
    private val opsPending =
        meter
            .upDownCounterBuilder("oxia.client.ops.pending")
            .setDescription("Operations started and not yet completed")
            .setUnit("{request}")
            .build()
    private val opsOutstanding =
        meter
            .upDownCounterBuilder("oxia.client.ops.outstanding")
            .setDescription("Bytes of the values of puts started and not yet completed")
            .setUnit("By")
            .build()
    private val retries =
        meter
            .counterBuilder("oxia.client.ops.retries")
            .setDescription("Attempts of operations that failed and were made again, by cause")
            .setUnit("{attempt}")
            .build()
    private val batchDuration =
        meter
            .histogramBuilder("oxia.client.ops.req")
            .setDescription("Duration of batch requests, from sending to the server's answer")
            .setUnit("s")
            .setExplicitBucketBoundariesAdvice(LATENCY_BUCKETS)
            .build()
    private val batchOps =
        meter
            .histogramBuilder("oxia.client.batch.ops")
            .setDescription("Operations per batch request")
            .setUnit("{operation}")
            .ofLongs()
            .setExplicitBucketBoundariesAdvice(BATCH_SIZE_BUCKETS)
            .build()
    private val batchesInFlight =
        meter
            .upDownCounterBuilder("oxia.client.batches.inflight")
            .setDescription("Batch requests sent and not yet answered, per shard")
            .setUnit("{batch}")
            .build()
    private val reconnects =
        meter
            .counterBuilder("oxia.client.reconnects")
            .setDescription("Failures of long-lived streams after which the client reconnects")
            .setUnit("{attempt}")
            .build()
    private val streamRestarts =
        meter
            .counterBuilder("oxia.client.stream.restarts")
            .setDescription("Long-lived streams restored after they were lost")
            .setUnit("{event}")
            .build()
    private val sessionsOpened = sessionCounter("opened", "Sessions created")
    private val sessionsExpired = sessionCounter("expired", "Sessions that expired")
    private val sessionsClosed = sessionCounter("closed", "Sessions closed by the client")
    private val notifications =
        eventCounter("oxia.client.notifications.received", "Notifications delivered")
    private val sequenceUpdates =
        eventCounter("oxia.client.sequence.updates.received", "Sequence updates delivered")
    private val shardAssignments =
        meter
            .counterBuilder("oxia.client.shard.assignments.count")
            .setDescription("Shard assignment messages received")
            .setUnit("1")
            .build()
    private val leaderChanges = eventCounter("oxia.client.leader.changes", "Shard leader changes")

    // Attributes made once: the hot path only looks them up.
    private val opAttributes = OperationKind.entries.map { with(OP, it.label) }
    private val opOutcome =
        OperationKind.entries.map { kind ->
            booleanArrayOf(true, false).map { with(OP, kind.label).with(STATUS, status(it)) }
        }
    private val batchAttributes = BatchKind.entries.map { with(BATCH, it.label) }
    private val batchOutcome =
        BatchKind.entries.map { kind ->
            booleanArrayOf(true, false).map { with(BATCH, kind.label).with(STATUS, status(it)) }
        }
    private val shardBatches = BatchKind.entries.map { ConcurrentHashMap<Long, Attributes>() }
    private val shards = ConcurrentHashMap<Long, Attributes>()
    private val retryCauses = ConcurrentHashMap<Pair<String, String>, Attributes>()
    private val reconnectCauses = ConcurrentHashMap<Pair<String, String>, Attributes>()
    private val streams = ConcurrentHashMap<String, Attributes>()

    /** An operation of [kind] starts, carrying a value of [bytes] (puts). */
    fun operationStarted(kind: OperationKind, bytes: Int) {
        opsPending.add(1, opAttributes[kind.ordinal])
        if (kind == OperationKind.PUT)
            opsOutstanding.add(bytes.toLong(), opAttributes[kind.ordinal])
    }

    /**
     * An operation of [kind] that started at [startNanos] ended; [size] bytes of values or keys
     * went or came ([putBytes] for a put, as given at its start).
     */
    fun operationEnded(
        kind: OperationKind,
        startNanos: Long,
        ok: Boolean,
        size: Long,
        putBytes: Int,
    ) {
        val seconds = (System.nanoTime() - startNanos) / NANOS_PER_SECOND
        ops.record(seconds, opOutcome[kind.ordinal][if (ok) 0 else 1])
        opsPending.add(-1, opAttributes[kind.ordinal])
        if (kind == OperationKind.PUT)
            opsOutstanding.add(-putBytes.toLong(), opAttributes[kind.ordinal])
        if (size > 0) opsSize.add(size, opAttributes[kind.ordinal])
    }

    /** An attempt of [operation] failed for [cause] and is made again. */
    fun retried(operation: String, cause: String) {
        retries.add(
            1,
            retryCauses.computeIfAbsent(operation to cause) {
                with(OP, operation).with(RETRY_CAUSE, cause)
            },
        )
    }

    /** A batch of [operations] of [kind] went to [shard]; gives the time it went. */
    fun batchSent(kind: BatchKind, shard: Long, operations: Int): Long {
        batchOps.record(operations.toLong(), batchAttributes[kind.ordinal])
        batchesInFlight.add(1, shardBatch(kind, shard))
        return System.nanoTime()
    }

    /** The batch of [kind] sent to [shard] at [sentNanos] was answered ([ok]) or failed. */
    fun batchEnded(kind: BatchKind, shard: Long, sentNanos: Long, ok: Boolean) {
        batchesInFlight.add(-1, shardBatch(kind, shard))
        val seconds = (System.nanoTime() - sentNanos) / NANOS_PER_SECOND
        batchDuration.record(seconds, batchOutcome[kind.ordinal][if (ok) 0 else 1])
    }

    /** A long-lived [stream] (`write`, `notifications`, `shardmap`, ...) failed for [cause]. */
    fun reconnecting(stream: String, cause: String) {
        reconnects.add(
            1,
            reconnectCauses.computeIfAbsent(stream to cause) {
                with(STREAM, stream).with(RECONNECT_CAUSE, cause)
            },
        )
    }

    /** A long-lived [stream] that was lost is back. */
    fun streamRestored(stream: String) {
        streamRestarts.add(1, streams.computeIfAbsent(stream) { with(STREAM, stream) })
    }

    fun sessionOpened(shard: Long) = sessionsOpened.add(1, shard(shard))

    fun sessionExpired(shard: Long) = sessionsExpired.add(1, shard(shard))

    fun sessionClosed(shard: Long) = sessionsClosed.add(1, shard(shard))

    fun notificationDelivered() = notifications.add(1, base)

    fun sequenceUpdateDelivered() = sequenceUpdates.add(1, base)

    fun shardAssignmentsReceived() = shardAssignments.add(1, base)

    fun leaderChanged(shard: Long) = leaderChanges.add(1, shard(shard))

    private fun shard(shard: Long): Attributes = shards.computeIfAbsent(shard) { with(SHARD, it) }

    private fun shardBatch(kind: BatchKind, shard: Long): Attributes =
        shardBatches[kind.ordinal].computeIfAbsent(shard) {
            with(BATCH, kind.label).with(SHARD, it)
        }

    private fun sessionCounter(what: String, description: String) =
        meter
            .counterBuilder("oxia.client.sessions.$what")
            .setDescription(description)
            .setUnit("{session}")
            .build()

    private fun eventCounter(name: String, description: String) =
        meter.counterBuilder(name).setDescription(description).setUnit("{event}").build()

    private fun <T : Any> with(key: AttributeKey<T>, value: T): Attributes =
        base.toBuilder().put(key, value).build()

    private fun <T : Any> Attributes.with(key: AttributeKey<T>, value: T): Attributes =
        toBuilder().put(key, value).build()

    private fun status(ok: Boolean) = if (ok) "success" else "failed"
}
