package io.oxia.coroutines.internal.observability

import io.oxia.coroutines.ClientEvent
import io.oxia.coroutines.ClientEventType
import io.oxia.coroutines.ConnectionState
import io.oxia.coroutines.ConnectionStatus
import java.util.concurrent.ConcurrentHashMap
import java.util.concurrent.atomic.AtomicInteger
import java.util.concurrent.atomic.AtomicLong
import kotlinx.coroutines.channels.BufferOverflow
import kotlinx.coroutines.flow.MutableSharedFlow
import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.flow.SharedFlow
import kotlinx.coroutines.flow.StateFlow

/**
 * One client's connection state and events, fed by its streams' [Incident]s, the shard-map watcher
 * and the sessions; the counters of its stats that no part owns by itself; and its [metrics], when
 * the user gave an `OpenTelemetry`.
 */
internal class ClientHealth(
    /** The client's instruments; `null` when nothing is to be recorded. */
    val metrics: ClientMetrics? = null
) {
    // The streams lost and not restored: the shard's id, or SHARD_MAP for the shard-map stream.
    private val lost = ConcurrentHashMap<String, Long>()
    private val mutableState = MutableStateFlow(ConnectionState.READY)
    private val mutableEvents =
        MutableSharedFlow<ClientEvent>(
            extraBufferCapacity = EVENT_BUFFER,
            onBufferOverflow = BufferOverflow.DROP_OLDEST,
        )
    @Volatile private var closed = false

    /** Failures of a stream after which the client set out to open it again. */
    val reconnectAttempts = AtomicLong()

    /** Notification and sequence-update collections under way. */
    val openSubscriptions = AtomicInteger()

    val state: StateFlow<ConnectionState>
        get() = mutableState

    val events: SharedFlow<ClientEvent>
        get() = mutableEvents

    /** The stream [stream] (of [shard], or the shard-map stream when `null`) was lost. */
    fun streamLost(stream: String, shard: Long?, server: String?, cause: String) {
        // The metrics count each failed attempt, from [reconnecting].
        lost[stream] = shard ?: SHARD_MAP
        publish()
        emit(ClientEvent(ClientEventType.STREAM_LOST, shard, server, "$stream lost: $cause"))
    }

    /** The stream [stream] is back, at [server] (`null`: not known). */
    fun streamRestored(stream: String, shard: Long?, server: String?, kind: String) {
        metrics?.streamRestored(kind)
        lost.remove(stream)
        publish()
        emit(ClientEvent(ClientEventType.STREAM_RESTORED, shard, server, "$stream restored"))
    }

    /** A stream that was never restored ended for good (its shard went away, or its collection). */
    fun streamGone(stream: String) {
        if (lost.remove(stream) != null) publish()
    }

    /** A stream of [kind] failed for [cause] and is to be opened again. */
    fun reconnecting(kind: String, cause: String) {
        reconnectAttempts.incrementAndGet()
        metrics?.reconnecting(kind, cause)
    }

    /** A session was created on [shard]. */
    fun sessionOpened(shard: Long) {
        metrics?.sessionOpened(shard)
    }

    /** The client closed its session on [shard]. */
    fun sessionClosed(shard: Long) {
        metrics?.sessionClosed(shard)
    }

    /** The session [sessionId] of [shard] expired: logged, and told as an event. */
    fun sessionExpired(shard: Long, sessionId: Long) {
        metrics?.sessionExpired(shard)
        ClientLogs.sessions.warn(
            "session {} of shard {} expired: its ephemeral records are gone",
            sessionId,
            shard,
        )
        emit(ClientEvent(ClientEventType.SESSION_EXPIRED, shard, null, "session $sessionId"))
    }

    /** A new session, [sessionId], replaced an expired one on [shard]: logged, and told. */
    fun sessionRecreated(shard: Long, sessionId: Long) {
        ClientLogs.sessions.info("session {} recreated on shard {}", sessionId, shard)
        emit(ClientEvent(ClientEventType.SESSION_RECREATED, shard, null, "session $sessionId"))
    }

    /** Tells [event] to the collectors of the client's events. */
    fun emit(event: ClientEvent) {
        if (event.type == ClientEventType.LEADER_CHANGED)
            event.shard?.let { metrics?.leaderChanged(it) }
        if (!closed) mutableEvents.tryEmit(event)
    }

    /** The client closed: the state is [ConnectionState.CLOSED] from now on. */
    fun close() {
        closed = true
        mutableState.value = ConnectionState.CLOSED
    }

    private fun publish() {
        synchronized(lost) {
            if (closed) return
            val values = lost.values.toSet()
            mutableState.value =
                if (values.isEmpty()) ConnectionState.READY
                else
                    ConnectionState(
                        ConnectionStatus.DEGRADED,
                        values.filter { it != SHARD_MAP }.toSet(),
                        SHARD_MAP in values,
                    )
        }
    }

    private companion object {
        const val SHARD_MAP = -1L
        const val EVENT_BUFFER = 256
    }
}
