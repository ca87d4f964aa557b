package io.oxia.coroutines.internal.session

import io.oxia.coroutines.ClientClosedException
import io.oxia.coroutines.OxiaClientConfig
import io.oxia.coroutines.SessionEvent
import io.oxia.coroutines.SessionState
import io.oxia.coroutines.internal.observability.ClientHealth
import io.oxia.coroutines.internal.routing.HashRange
import io.oxia.coroutines.internal.routing.Shard
import io.oxia.coroutines.internal.routing.ShardMapWatcher
import java.util.concurrent.ConcurrentHashMap
import kotlin.time.Duration.Companion.seconds
import kotlin.time.TimeSource
import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.CoroutineName
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.CoroutineStart
import kotlinx.coroutines.Deferred
import kotlinx.coroutines.NonCancellable
import kotlinx.coroutines.async
import kotlinx.coroutines.channels.BufferOverflow
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.currentCoroutineContext
import kotlinx.coroutines.ensureActive
import kotlinx.coroutines.flow.MutableSharedFlow
import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.flow.SharedFlow
import kotlinx.coroutines.flow.first
import kotlinx.coroutines.launch
import kotlinx.coroutines.withContext
import kotlinx.coroutines.withTimeoutOrNull

/**
 * The client's sessions, one per shard, created at the first ephemeral put on the shard and kept
 * alive by a heartbeat coroutine in the client's scope (every max(timeout/10, 2 s), at most a third
 * of the timeout). A session the server no longer knows is dropped at once, whether a heartbeat or
 * a put found out, and an [SessionState.EXPIRED] event is published; the next ephemeral put creates
 * a new one.
 */
internal class ShardSessions(
    private val config: OxiaClientConfig,
    private val calls: SessionCalls,
    private val scope: CoroutineScope,
    private val timeSource: TimeSource = TimeSource.Monotonic,
    private val health: ClientHealth = ClientHealth(),
) {
    private val sessions = ConcurrentHashMap<Long, Deferred<Session>>()
    @Volatile private var closing = false
    private val active = ConcurrentHashMap<Long, Session>()
    private val expiredShards = ConcurrentHashMap.newKeySet<Long>()
    // The hash ranges of the latest shard map, to find the shards that took over a split one's.
    private val ranges = MutableStateFlow<Map<Long, HashRange>>(emptyMap())
    private val mutableEvents =
        MutableSharedFlow<SessionEvent>(
            extraBufferCapacity = EVENT_BUFFER,
            onBufferOverflow = BufferOverflow.DROP_OLDEST,
        )

    /** Session changes as they happen; a collector sees the events after it subscribed. */
    val events: SharedFlow<SessionEvent>
        get() = mutableEvents

    private val keepAlive = SessionKeepAlive(config, calls, timeSource, ::expireUnlessSplit)

    /** Per shard with a live session: its id. */
    fun activeSessions(): Map<Long, Long> = active.mapValues { it.value.id }

    /**
     * The id of this client's session on [shardId], creating the session if there is none.
     *
     * @throws ClientClosedException once [closeAll] has begun.
     */
    suspend fun sessionId(shardId: Long): Long {
        if (closing) throw ClientClosedException()
        val creation =
            sessions.computeIfAbsent(shardId) {
                scope.async(CoroutineName("oxia-session-create-$shardId"), CoroutineStart.LAZY) {
                    // Not cancellable once started: a session the server made must reach [active]
                    // or be closed again, never be dropped while its creation is answered.
                    withContext(NonCancellable) { create(shardId) }
                }
            }
        try {
            return creation.await().id
        } catch (e: CancellationException) {
            // closeAll cancelled the creation: the client closed, this caller was not cancelled.
            currentCoroutineContext().ensureActive()
            if (closing) throw ClientClosedException()
            throw e
        } catch (e: Exception) {
            sessions.remove(shardId, creation)
            throw e
        }
    }

    /**
     * Follows the shard maps of [watcher] so that sessions carry on across splits (see
     * [shardMapChanged]); returns this registry.
     */
    fun followingSplitsOf(watcher: ShardMapWatcher): ShardSessions {
        watcher.beforePublish = { shardMapChanged(it.shards) }
        watcher.current.value?.let { shardMapChanged(it.shards) }
        return this
    }

    /**
     * A new shard map is about to be used. A shard holding a session that is not in it was split:
     * the server copied the session to the shards that took over its hashes, with the ephemeral
     * records of each one's hashes. The session carries on in each of them (heartbeats, new
     * ephemeral puts, the close at shutdown), so that its records outlive the split. Called before
     * any operation routes by [shards], so no session is being created on those shards yet.
     */
    @Synchronized
    fun shardMapChanged(shards: List<Shard>) {
        val previous = ranges.value
        val current = shards.associate { it.id to it.range }
        ranges.value = current
        if (closing) return
        for ((shardId, session) in active) {
            if (shardId in current) continue
            val range = previous[shardId] ?: continue
            val heirs = shards.filter {
                it.range.minInclusive >= range.minInclusive &&
                    it.range.maxInclusive <= range.maxInclusive
            }
            if (heirs.isEmpty() || !active.remove(shardId, session)) continue
            session.heartbeat?.cancel()
            sessions.remove(shardId)
            heirs.forEach { inherit(it.id, session.id) }
        }
    }

    private fun inherit(shardId: Long, sessionId: Long) {
        val session = Session(shardId, sessionId)
        if (active.putIfAbsent(shardId, session) != null) return
        sessions.putIfAbsent(shardId, CompletableDeferred(session))
        if (closing) {
            // As in [create]: closeAll may have looked at the sessions before this one.
            if (active.remove(shardId, session))
                scope.launch(start = CoroutineStart.UNDISPATCHED) { keepAlive.close(session) }
            return
        }
        session.heartbeat =
            scope.launch(CoroutineName("oxia-session-heartbeat-$shardId")) {
                keepAlive.run(session)
            }
    }

    /**
     * The server said [sessionId] does not exist (a put found out): drop it so that the next put
     * makes a new one.
     */
    fun invalidate(shardId: Long, sessionId: Long) {
        expire(shardId, sessionId)
    }

    /**
     * Closes every session on the server (their ephemeral records go with them), all at once within
     * a short timeout; sessions asked for from now on fail with [ClientClosedException].
     */
    suspend fun closeAll() {
        closing = true
        // Creations under way finish (bounded by the request timeout) and close their own session;
        // the ones nobody has started yet never will.
        for (creation in sessions.values) {
            if (creation.isActive) creation.join() else creation.cancel()
        }
        coroutineScope {
            for ((shardId, session) in active) {
                // A creation finishing meanwhile sees [closing] and closes its own session.
                if (!active.remove(shardId, session)) continue
                session.heartbeat?.cancel()
                launch {
                    keepAlive.close(session)
                    health.sessionClosed(shardId)
                    mutableEvents.tryEmit(SessionEvent(shardId, session.id, SessionState.CLOSED))
                }
            }
        }
    }

    private suspend fun create(shardId: Long): Session {
        val session = Session(shardId, calls.create(shardId))
        health.sessionOpened(shardId)
        active[shardId] = session
        if (closing) {
            // closeAll may have looked at the sessions before this one: whoever removes it closes
            // it.
            if (active.remove(shardId, session)) {
                keepAlive.close(session)
                health.sessionClosed(shardId)
            }
            throw ClientClosedException()
        }
        session.heartbeat =
            scope.launch(CoroutineName("oxia-session-heartbeat-$shardId")) {
                keepAlive.run(session)
            }
        val state =
            if (expiredShards.remove(shardId)) SessionState.RECREATED else SessionState.CREATED
        if (state == SessionState.RECREATED) health.sessionRecreated(shardId, session.id)
        mutableEvents.tryEmit(SessionEvent(shardId, session.id, state))
        return session
    }

    /**
     * A heartbeat found the session gone: expires it, unless the shard map drops its shard within
     * [SPLIT_GRACE] (a shard being split stops knowing its sessions a moment before the map without
     * it arrives, and the session carries on in the shards that took over).
     */
    private suspend fun expireUnlessSplit(shardId: Long, sessionId: Long) {
        withTimeoutOrNull(SPLIT_GRACE) { ranges.first { shardId !in it } }
        expire(shardId, sessionId)
    }

    private fun expire(shardId: Long, sessionId: Long) {
        val session = active[shardId] ?: return
        if (session.id != sessionId) return
        // The creation goes first, so that a put asking now makes a new session rather than
        // getting the dead one.
        sessions[shardId]?.let { creation ->
            if (creation.isCompleted) sessions.remove(shardId, creation)
        }
        if (!active.remove(shardId, session)) return
        session.heartbeat?.cancel()
        expiredShards += shardId
        health.sessionExpired(shardId, sessionId)
        mutableEvents.tryEmit(SessionEvent(shardId, sessionId, SessionState.EXPIRED))
    }

    private companion object {
        const val EVENT_BUFFER = 256
        val SPLIT_GRACE = 2.seconds
    }
}
