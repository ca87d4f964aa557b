package io.oxia.coroutines.internal.session

import io.oxia.coroutines.ClientClosedException
import io.oxia.coroutines.OxiaClientConfig
import io.oxia.coroutines.SessionEvent
import io.oxia.coroutines.SessionState
import io.oxia.coroutines.internal.transport.OxiaErrorKind
import io.oxia.coroutines.internal.transport.RpcFailure
import java.util.concurrent.ConcurrentHashMap
import kotlin.time.Duration
import kotlin.time.Duration.Companion.milliseconds
import kotlin.time.Duration.Companion.seconds
import kotlin.time.TimeSource
import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.CoroutineName
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.CoroutineStart
import kotlinx.coroutines.Deferred
import kotlinx.coroutines.Job
import kotlinx.coroutines.NonCancellable
import kotlinx.coroutines.async
import kotlinx.coroutines.channels.BufferOverflow
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.currentCoroutineContext
import kotlinx.coroutines.delay
import kotlinx.coroutines.ensureActive
import kotlinx.coroutines.flow.MutableSharedFlow
import kotlinx.coroutines.flow.SharedFlow
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
) {
    private class Session(val shardId: Long, val id: Long) {
        var heartbeat: Job? = null
    }

    private val sessions = ConcurrentHashMap<Long, Deferred<Session>>()
    @Volatile private var closing = false
    private val active = ConcurrentHashMap<Long, Session>()
    private val expiredShards = ConcurrentHashMap.newKeySet<Long>()
    private val mutableEvents =
        MutableSharedFlow<SessionEvent>(
            extraBufferCapacity = EVENT_BUFFER,
            onBufferOverflow = BufferOverflow.DROP_OLDEST,
        )

    /** Session changes as they happen; a collector sees the events after it subscribed. */
    val events: SharedFlow<SessionEvent>
        get() = mutableEvents

    /** Stops sending heartbeats while set, for tests that need a session to expire. */
    @Volatile internal var heartbeatsPaused: Boolean = false

    // max(timeout/10, 2 s) as the reference clients do, but never more than a third of the timeout:
    // at the minimum
    // timeout of 2 s a heartbeat every 2 s would let the session lapse between two heartbeats.
    private val heartbeatInterval: Duration =
        minOf(maxOf(config.sessionTimeout / 10, 2.seconds), config.sessionTimeout / 3)

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
                    closeOnServer(session)
                    mutableEvents.tryEmit(SessionEvent(shardId, session.id, SessionState.CLOSED))
                }
            }
        }
    }

    /**
     * Asks the server to close [session] and delete its ephemeral records, within [CLOSE_TIMEOUT]
     * and even when the caller is being cancelled; when that fails the server expires the session
     * by itself once heartbeats stop.
     */
    private suspend fun closeOnServer(session: Session) {
        withContext(NonCancellable) {
            withTimeoutOrNull(CLOSE_TIMEOUT) {
                // Tried again until the timeout: a session left open keeps its records until it
                // expires, long after the client said it closed.
                while (true) {
                    try {
                        return@withTimeoutOrNull calls.close(session.shardId, session.id)
                    } catch (e: Exception) {
                        if (RpcFailure.of(e)?.kind == OxiaErrorKind.SESSION_NOT_FOUND)
                            return@withTimeoutOrNull
                    }
                    delay(CLOSE_RETRY_DELAY)
                }
            }
        }
    }

    private suspend fun create(shardId: Long): Session {
        val session = Session(shardId, calls.create(shardId))
        active[shardId] = session
        if (closing) {
            // closeAll may have looked at the sessions before this one: whoever removes it closes
            // it.
            if (active.remove(shardId, session)) closeOnServer(session)
            throw ClientClosedException()
        }
        session.heartbeat =
            scope.launch(CoroutineName("oxia-session-heartbeat-$shardId")) { heartbeat(session) }
        val state =
            if (expiredShards.remove(shardId)) SessionState.RECREATED else SessionState.CREATED
        mutableEvents.tryEmit(SessionEvent(shardId, session.id, state))
        return session
    }

    private suspend fun heartbeat(session: Session) {
        var lastAnswered = timeSource.markNow()
        while (true) {
            delay(heartbeatInterval)
            if (heartbeatsPaused) {
                if (lastAnswered.elapsedNow() > config.sessionTimeout)
                    return expire(session.shardId, session.id)
                continue
            }
            try {
                withTimeoutOrNull(heartbeatInterval) {
                    calls.keepAlive(session.shardId, session.id)
                    lastAnswered = timeSource.markNow()
                }
            } catch (e: CancellationException) {
                throw e
            } catch (e: Exception) {
                if (RpcFailure.of(e)?.kind == OxiaErrorKind.SESSION_NOT_FOUND) {
                    expire(session.shardId, session.id)
                    return
                }
            }
            if (lastAnswered.elapsedNow() > config.sessionTimeout) {
                // The server has given up on the session by now, or would soon: heartbeats that
                // reached it too slowly to be seen here may have kept it alive, so it is closed
                // too, and its records cannot outlive the EXPIRED event by more than the close.
                expire(session.shardId, session.id)
                closeOnServer(session)
                return
            }
        }
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
        mutableEvents.tryEmit(SessionEvent(shardId, sessionId, SessionState.EXPIRED))
    }

    private companion object {
        const val EVENT_BUFFER = 256
        val CLOSE_TIMEOUT = 5.seconds
        val CLOSE_RETRY_DELAY = 100.milliseconds
    }
}
