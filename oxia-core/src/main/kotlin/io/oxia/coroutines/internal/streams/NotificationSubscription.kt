package io.oxia.coroutines.internal.streams

import io.oxia.coroutines.Notification
import io.oxia.coroutines.NotificationOptions
import io.oxia.coroutines.NotificationType
import io.oxia.coroutines.OxiaClientConfig
import io.oxia.coroutines.internal.observability.ClientHealth
import io.oxia.coroutines.internal.observability.ClientLogs
import io.oxia.coroutines.internal.observability.Incident
import io.oxia.coroutines.internal.retry.Backoff
import io.oxia.coroutines.internal.routing.ShardMapWatcher
import io.oxia.coroutines.internal.routing.ShardRpc
import io.oxia.coroutines.internal.transport.RpcFailure
import io.oxia.coroutines.proto.NotificationBatch
import io.oxia.coroutines.proto.NotificationsRequest
import java.util.concurrent.ConcurrentHashMap
import java.util.concurrent.atomic.AtomicBoolean
import kotlinx.coroutines.Job
import kotlinx.coroutines.NonCancellable
import kotlinx.coroutines.channels.Channel
import kotlinx.coroutines.channels.ProducerScope
import kotlinx.coroutines.channels.consumeEach
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.filterNotNull
import kotlinx.coroutines.launch
import kotlinx.coroutines.withContext

/**
 * One collector's notifications: a stream per shard, following the shard map (new shards get a
 * stream, leader moves reconnect: see [StreamFollower]) and resuming each shard from the last
 * offset delivered, so that a reconnect loses and repeats nothing. Each subscription buffers at
 * most [BUFFER] notifications; past that, its streams stop asking the server for more until the
 * collector catches up (the server keeps notifications for its retention time), so a slow collector
 * slows only itself. The flow completes when the client closes.
 */
internal class NotificationSubscription(
    private val config: OxiaClientConfig,
    private val rpc: ShardRpc,
    private val watcher: ShardMapWatcher,
    private val clientJob: Job,
    private val backoff: Backoff,
    private val health: ClientHealth? = null,
) {
    private val follower = StreamFollower(rpc, backoff, config.namespace)

    fun flow(options: NotificationOptions): Flow<Notification> =
        endingWhenClosed(clientJob, BUFFER) {
            val streams = HashMap<Long, Job>()
            val established = ConcurrentHashMap.newKeySet<Long>()
            val reported = AtomicBoolean(false)
            watcher.current.filterNotNull().collect { router ->
                val ids = router.shards.map { it.id }.toSet()
                for (id in ids) {
                    if (id in streams) continue
                    streams[id] = launch {
                        follow(id, options) {
                            established += id
                            if (
                                established.containsAll(ids) && reported.compareAndSet(false, true)
                            ) {
                                options.onEstablished?.onEstablished()
                            }
                        }
                    }
                }
                (streams.keys - ids).forEach { streams.remove(it)?.cancel() }
            }
        }

    private suspend fun ProducerScope<Notification>.follow(
        shardId: Long,
        options: NotificationOptions,
        onEstablished: () -> Unit,
    ): Unit = coroutineScope {
        // Batches go to the collector whole, from outside the stream's leader guard: a leader move
        // cancels the stream between two batches, never halfway through one whose offset already
        // counts as delivered. The subscription's end cancels the channel, and with it a handover
        // under way.
        val handover = Channel<NotificationBatch>()
        launch { handover.consumeEach { deliver(it, options.keyPrefix) } }
        var lastOffset: Long? = null
        val incident =
            Incident(
                ClientLogs.notifications,
                "the notification stream of shard $shardId",
                shardId,
                health,
            )
        try {
            follower.follow(
                { shardId },
                { leader, shard ->
                    val request =
                        NotificationsRequest.newBuilder()
                            .setShard(shard)
                            .apply { lastOffset?.let { setStartOffsetExclusive(it) } }
                            .build()
                    if (lastOffset != null) onEstablished()
                    notifications(leader, shard, request)
                },
                onFailure = { incident.failed(null, RpcFailure.of(it) ?: it.message) },
            ) { batch ->
                incident.restored(null)
                val previous = lastOffset
                if (previous == null || batch.offset > previous) {
                    // Not cancellable: a send cancelled while suspended may still have handed the
                    // batch over, and its offset would then be missed.
                    withContext(NonCancellable) { handover.send(batch) }
                    lastOffset = batch.offset
                }
                if (previous == null) onEstablished()
            }
        } finally {
            incident.ended()
        }
    }

    private suspend fun ProducerScope<Notification>.deliver(
        batch: NotificationBatch,
        keyPrefix: String?,
    ) {
        for (entry in batch.notificationsList) {
            val value = entry.value
            val rangeEnd = if (value.hasKeyRangeLast()) value.keyRangeLast else null
            // Range deletions are always delivered: whether a range holds keys with the prefix
            // depends on key order.
            if (keyPrefix != null && rangeEnd == null && !entry.key.startsWith(keyPrefix)) continue
            send(
                Notification(
                    type = NotificationType.of(value.typeValue),
                    key = entry.key,
                    versionId = if (value.hasVersionId()) value.versionId else null,
                    keyRangeEnd = rangeEnd,
                    shard = batch.shard,
                    offset = batch.offset,
                    timestamp = batch.timestamp,
                    wireType = value.typeValue,
                )
            )
        }
    }

    private companion object {
        const val BUFFER = 1024
    }
}
