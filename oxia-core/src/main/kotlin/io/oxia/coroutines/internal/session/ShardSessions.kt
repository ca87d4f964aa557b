package io.oxia.coroutines.internal.session

import io.grpc.CallOptions
import io.grpc.kotlin.ClientCalls
import io.oxia.coroutines.OxiaClientConfig
import io.oxia.coroutines.SessionEvent
import io.oxia.coroutines.SessionState
import io.oxia.coroutines.internal.RetryableException
import io.oxia.coroutines.internal.transport.OxiaErrorKind
import io.oxia.coroutines.internal.transport.RpcFailure
import io.oxia.coroutines.internal.transport.ShardRpc
import io.oxia.coroutines.internal.transport.toOxiaException
import io.oxia.coroutines.proto.CloseSessionRequest
import io.oxia.coroutines.proto.CreateSessionRequest
import io.oxia.coroutines.proto.SessionHeartbeat
import java.util.concurrent.ConcurrentHashMap
import kotlin.time.Duration
import kotlin.time.Duration.Companion.seconds
import kotlin.time.TimeSource
import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.CoroutineName
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.CoroutineStart
import kotlinx.coroutines.Deferred
import kotlinx.coroutines.Job
import kotlinx.coroutines.async
import kotlinx.coroutines.channels.BufferOverflow
import kotlinx.coroutines.delay
import kotlinx.coroutines.flow.MutableSharedFlow
import kotlinx.coroutines.flow.SharedFlow
import kotlinx.coroutines.launch
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
    private val rpc: ShardRpc,
    private val scope: CoroutineScope,
    private val timeSource: TimeSource = TimeSource.Monotonic,
) {
    private class Session(val shardId: Long, val id: Long) {
        var heartbeat: Job? = null
    }

    private val sessions = ConcurrentHashMap<Long, Deferred<Session>>()
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

    /** The id of this client's session on [shardId], creating the session if there is none. */
    suspend fun sessionId(shardId: Long): Long {
        val creation =
            sessions.computeIfAbsent(shardId) {
                scope.async(CoroutineName("oxia-session-create-$shardId"), CoroutineStart.LAZY) {
                    create(shardId)
                }
            }
        try {
            return creation.await().id
        } catch (e: CancellationException) {
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
     * Closes every session on the server (their ephemeral records go with them), each within a
     * short timeout.
     */
    suspend fun closeAll() {
        sessions.values.forEach { it.cancel() }
        sessions.clear()
        val all = active.values.toList()
        active.clear()
        for (session in all) {
            session.heartbeat?.cancel()
            withTimeoutOrNull(CLOSE_TIMEOUT) {
                try {
                    val request =
                        CloseSessionRequest.newBuilder()
                            .setShard(session.shardId)
                            .setSessionId(session.id)
                    ClientCalls.unaryRpc(
                        rpc.channel(rpc.leaderOf(session.shardId)),
                        rpc.methods.closeSession,
                        request.build(),
                        CallOptions.DEFAULT,
                        rpc.headers(session.shardId),
                    )
                } catch (e: CancellationException) {
                    throw e
                } catch (e: Exception) {
                    // The server expires the session by itself once heartbeats stop.
                }
            }
            mutableEvents.tryEmit(SessionEvent(session.shardId, session.id, SessionState.CLOSED))
        }
    }

    private suspend fun create(shardId: Long): Session {
        val request =
            CreateSessionRequest.newBuilder()
                .setShard(shardId)
                .setSessionTimeoutMs(config.sessionTimeout.inWholeMilliseconds.toInt())
                .setClientIdentity(config.clientIdentity)
                .build()
        val response =
            try {
                ClientCalls.unaryRpc(
                    rpc.channel(rpc.leaderOf(shardId)),
                    rpc.methods.createSession,
                    request,
                    CallOptions.DEFAULT,
                    rpc.headers(shardId),
                )
            } catch (e: CancellationException) {
                throw e
            } catch (e: Exception) {
                val failure = RpcFailure.of(e) ?: throw e
                if (failure.retryable)
                    throw RetryableException("creating a session failed: $failure", failure)
                throw failure.toOxiaException(config.namespace)
            }
        val session = Session(shardId, response.sessionId)
        active[shardId] = session
        session.heartbeat =
            scope.launch(CoroutineName("oxia-session-heartbeat-$shardId")) { heartbeat(session) }
        val state =
            if (expiredShards.remove(shardId)) SessionState.RECREATED else SessionState.CREATED
        mutableEvents.tryEmit(SessionEvent(shardId, session.id, state))
        return session
    }

    private suspend fun heartbeat(session: Session) {
        var lastAnswered = timeSource.markNow()
        val request =
            SessionHeartbeat.newBuilder().setShard(session.shardId).setSessionId(session.id).build()
        while (true) {
            delay(heartbeatInterval)
            if (heartbeatsPaused) {
                if (lastAnswered.elapsedNow() > config.sessionTimeout)
                    return expire(session.shardId, session.id)
                continue
            }
            try {
                withTimeoutOrNull(heartbeatInterval) {
                    ClientCalls.unaryRpc(
                        rpc.channel(rpc.leaderOf(session.shardId)),
                        rpc.methods.keepAlive,
                        request,
                        CallOptions.DEFAULT,
                        rpc.headers(session.shardId),
                    )
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
                // The server has given up on the session by now, whether or not it could tell us.
                expire(session.shardId, session.id)
                return
            }
        }
    }

    private fun expire(shardId: Long, sessionId: Long) {
        val session = active[shardId] ?: return
        if (session.id != sessionId || !active.remove(shardId, session)) return
        sessions[shardId]?.let { creation ->
            if (creation.isCompleted) sessions.remove(shardId, creation)
        }
        session.heartbeat?.cancel()
        expiredShards += shardId
        mutableEvents.tryEmit(SessionEvent(shardId, sessionId, SessionState.EXPIRED))
    }

    private companion object {
        const val EVENT_BUFFER = 256
        val CLOSE_TIMEOUT = 5.seconds
    }
}
