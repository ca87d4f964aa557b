package io.oxia.coroutines.internal.session

import io.oxia.coroutines.OxiaClientConfig
import io.oxia.coroutines.internal.routing.ShardRpc
import io.oxia.coroutines.internal.routing.retryableOrThrow
import io.oxia.coroutines.internal.transport.RetryableException
import io.oxia.coroutines.proto.CloseSessionRequest
import io.oxia.coroutines.proto.CreateSessionRequest
import io.oxia.coroutines.proto.SessionHeartbeat
import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.withTimeoutOrNull

/** The session RPCs, each sent to the shard's current leader. */
internal interface SessionCalls {
    /**
     * Creates a session on [shardId] and gives its id, within the request timeout.
     *
     * @throws RetryableException when another attempt may succeed.
     * @throws io.oxia.coroutines.OxiaException when it may not.
     */
    suspend fun create(shardId: Long): Long

    /** Keeps [sessionId] alive; throws the call's failure as it came. */
    suspend fun keepAlive(shardId: Long, sessionId: Long)

    /** Closes [sessionId], deleting its ephemeral records; throws the call's failure. */
    suspend fun close(shardId: Long, sessionId: Long)
}

/** [SessionCalls] to each shard's leader, through [rpc]. */
internal class LeaderSessionCalls(private val config: OxiaClientConfig, private val rpc: ShardRpc) :
    SessionCalls {
    override suspend fun create(shardId: Long): Long {
        val request =
            CreateSessionRequest.newBuilder()
                .setShard(shardId)
                .setSessionTimeoutMs(config.sessionTimeout.inWholeMilliseconds.toInt())
                .setClientIdentity(config.clientIdentity)
                .build()
        val leader = rpc.leaderOf(shardId)
        val response =
            try {
                // Bounded and given up when the leader moves: every ephemeral put on the shard
                // waits for this creation, and a hung leader must not hold them all.
                withTimeoutOrNull(config.requestTimeout) {
                    rpc.whileLeader(shardId, leader) {
                        rpc.transport.createSession(leader, shardId, request)
                    }
                }
                    ?: throw RetryableException(
                        "creating a session on shard $shardId: $leader did not answer within " +
                            "${config.requestTimeout}"
                    )
            } catch (e: CancellationException) {
                throw e
            } catch (e: Exception) {
                throw rpc.retryableOrThrow(shardId, e, config.namespace, "creating a session")
            }
        return response.sessionId
    }

    override suspend fun keepAlive(shardId: Long, sessionId: Long) {
        val request = SessionHeartbeat.newBuilder().setShard(shardId).setSessionId(sessionId)
        rpc.transport.keepAlive(rpc.leaderOf(shardId), shardId, request.build())
    }

    override suspend fun close(shardId: Long, sessionId: Long) {
        val request = CloseSessionRequest.newBuilder().setShard(shardId).setSessionId(sessionId)
        rpc.transport.closeSession(rpc.leaderOf(shardId), shardId, request.build())
    }
}
