package io.oxia.coroutines.internal

import io.oxia.coroutines.ClientEvent
import io.oxia.coroutines.GetResult
import io.oxia.coroutines.Notification
import io.oxia.coroutines.NotificationOptions
import io.oxia.coroutines.RangeOptions
import io.oxia.coroutines.SequenceUpdateOptions
import io.oxia.coroutines.SessionEvent
import io.oxia.coroutines.SessionEventOptions
import io.oxia.coroutines.internal.observability.ClientMetrics
import io.oxia.coroutines.internal.retry.Backoff
import io.oxia.coroutines.internal.routing.ShardRpc
import io.oxia.coroutines.internal.session.ShardSessions
import io.oxia.coroutines.internal.streams.NotificationSubscription
import io.oxia.coroutines.internal.streams.RangeReads
import io.oxia.coroutines.internal.streams.SequenceUpdates
import io.oxia.coroutines.internal.streams.endingNormallyWhenClosed
import io.oxia.coroutines.internal.streams.endingWhenClosed
import io.oxia.coroutines.internal.validation.validateRecordKey
import io.oxia.coroutines.internal.validation.validateText
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.emitAll
import kotlinx.coroutines.flow.flow
import kotlinx.coroutines.flow.onCompletion
import kotlinx.coroutines.flow.onEach
import kotlinx.coroutines.flow.onStart
import kotlinx.coroutines.flow.onSubscription

/**
 * The client's flows. Each is made and checked when it is collected, never at the call that made
 * it, so that Java publishers signal failures through `onError` like any other.
 *
 * Range reads answer a question: one cut short by the client's close fails with
 * `ClientClosedException`, lest a partial answer pass for a whole one. The endless streams
 * (notifications, sequence updates, session events) have nothing more to say once the client is
 * closed: they complete, also when collected after the close.
 */
internal class ClientFlows(
    private val life: ClientLifecycle,
    rpc: ShardRpc,
    batchers: ShardBatchers,
    keyOrder: Comparator<String>,
    backoff: Backoff,
    private val sessions: ShardSessions,
    newestSequenceKey: suspend (prefixKey: String, partitionKey: String) -> String?,
) {
    private val config = life.config
    private val notificationSubscriptions =
        NotificationSubscription(config, rpc, life.watcher, life.job, backoff, life.health)
    private val sequenceUpdates =
        SequenceUpdates(config, rpc, batchers::router, life.job, backoff, newestSequenceKey)
    private val rangeReads = RangeReads(config, rpc, batchers::router, keyOrder, backoff)

    fun list(startInclusive: String, endExclusive: String, options: RangeOptions): Flow<String> =
        whenCollected({ checkRange(startInclusive, endExclusive, options) }) {
            rangeReads.list(startInclusive, endExclusive, options)
        }

    fun rangeScan(
        startInclusive: String,
        endExclusive: String,
        options: RangeOptions,
    ): Flow<GetResult> =
        whenCollected({ checkRange(startInclusive, endExclusive, options) }) {
            rangeReads.rangeScan(startInclusive, endExclusive, options)
        }

    private fun checkRange(startInclusive: String, endExclusive: String, options: RangeOptions) {
        life.checkOpen()
        validateText(startInclusive, "startInclusive", config.maxKeyBytes)
        validateText(endExclusive, "endExclusive", config.maxKeyBytes)
        options.partitionKey?.let { validateText(it, "partitionKey", config.maxKeyBytes) }
    }

    fun notifications(options: NotificationOptions): Flow<Notification> =
        whenCollected(life::checkOpen) { notificationSubscriptions.flow(options) }
            .metered { it.notificationDelivered() }
            .counted()
            .endingNormallyWhenClosed()

    fun sequenceUpdates(
        prefixKey: String,
        partitionKey: String,
        options: SequenceUpdateOptions,
    ): Flow<String> =
        whenCollected({
                life.checkOpen()
                validateRecordKey(prefixKey, config.maxKeyBytes, "prefixKey")
                validateText(partitionKey, "partitionKey", config.maxKeyBytes)
            }) {
                sequenceUpdates.flow(prefixKey, partitionKey, options)
            }
            .metered { it.sequenceUpdateDelivered() }
            .counted()
            .endingNormallyWhenClosed()

    /** The client's events from the moment of collection; complete when the client closes. */
    fun clientEvents(): Flow<ClientEvent> =
        endingWhenClosed(life.job) { life.health.events.collect { send(it) } }
            .endingNormallyWhenClosed()

    /** [this] flow, counted among the open subscriptions while collected. */
    private fun <T> Flow<T>.counted(): Flow<T> = onStart {
        life.health.openSubscriptions.incrementAndGet()
    }
        .onCompletion { life.health.openSubscriptions.decrementAndGet() }

    /** [this] flow, each item counted by [count] when metrics are recorded; as is otherwise. */
    private inline fun <T> Flow<T>.metered(crossinline count: (ClientMetrics) -> Unit): Flow<T> {
        val metrics = life.health.metrics ?: return this
        return onEach { count(metrics) }
    }

    fun sessionEvents(options: SessionEventOptions): Flow<SessionEvent> =
        endingWhenClosed(life.job) {
                sessions.events
                    .onSubscription { options.onSubscribed?.onSubscribed() }
                    .collect { send(it) }
            }
            .endingNormallyWhenClosed()

    /** The flow of [source], made and checked by [check] when it is collected. */
    private inline fun <T> whenCollected(
        crossinline check: () -> Unit,
        crossinline source: () -> Flow<T>,
    ): Flow<T> = flow {
        check()
        emitAll(source())
    }
}
