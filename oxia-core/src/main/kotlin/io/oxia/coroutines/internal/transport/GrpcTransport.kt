package io.oxia.coroutines.internal.transport

import io.grpc.CallOptions
import io.grpc.MethodDescriptor
import io.grpc.kotlin.ClientCalls
import io.oxia.coroutines.proto.CloseSessionRequest
import io.oxia.coroutines.proto.CreateSessionRequest
import io.oxia.coroutines.proto.CreateSessionResponse
import io.oxia.coroutines.proto.GetSequenceUpdatesRequest
import io.oxia.coroutines.proto.GetSequenceUpdatesResponse
import io.oxia.coroutines.proto.ListRequest
import io.oxia.coroutines.proto.ListResponse
import io.oxia.coroutines.proto.NotificationBatch
import io.oxia.coroutines.proto.NotificationsRequest
import io.oxia.coroutines.proto.RangeScanRequest
import io.oxia.coroutines.proto.RangeScanResponse
import io.oxia.coroutines.proto.ReadRequest
import io.oxia.coroutines.proto.ReadResponse
import io.oxia.coroutines.proto.SessionHeartbeat
import io.oxia.coroutines.proto.ShardAssignments
import io.oxia.coroutines.proto.ShardAssignmentsRequest
import io.oxia.coroutines.proto.WriteRequest
import io.oxia.coroutines.proto.WriteResponse
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.emitAll
import kotlinx.coroutines.flow.flow

/**
 * [OxiaTransport] over gRPC: the [channels] to each server, the [headers] of each call, and the
 * service name the server speaks. Servers up to v0.14 know only the legacy name; the shard-map
 * stream, the first call a client makes, finds that out and every later call uses that name.
 *
 * No call has a deadline: the callers bound them (watchdogs, answer timers, the while-leader
 * guard).
 */
internal class GrpcTransport(private val channels: ChannelPool, private val headers: CallHeaders) :
    OxiaTransport {
    @Volatile private var methods: OxiaMethods = OxiaMethods.V1_METHODS

    override val isClosed: Boolean
        get() = channels.isClosed

    override suspend fun shardAssignments(
        address: String,
        request: ShardAssignmentsRequest,
    ): Flow<ShardAssignments> {
        val channel = channels.channel(address)
        val tried = methods
        val metadata = headers.forShard(null)
        return flow {
            var answered = false
            try {
                ClientCalls.serverStreamingRpc(
                        channel,
                        tried.getShardAssignments,
                        request,
                        CallOptions.DEFAULT,
                        metadata,
                    )
                    .collect {
                        answered = true
                        emit(it)
                    }
            } catch (e: Exception) {
                val unknownName =
                    !answered &&
                        tried === OxiaMethods.V1_METHODS &&
                        RpcFailure.of(e)?.kind == OxiaErrorKind.UNIMPLEMENTED
                if (!unknownName) throw e
                methods = OxiaMethods.LEGACY_METHODS
                emitAll(
                    ClientCalls.serverStreamingRpc(
                        channels.channel(address),
                        OxiaMethods.LEGACY_METHODS.getShardAssignments,
                        request,
                        CallOptions.DEFAULT,
                        headers.forShard(null),
                    )
                )
            }
        }
    }

    // Without a token the call is made in a tail call, so that no frame of this function is
    // allocated on the get path.
    override suspend fun read(
        address: String,
        shardId: Long,
        request: ReadRequest,
        onAnswer: (ReadResponse) -> Unit,
    ): Unit =
        if (headers.asksToken) readWithToken(address, shardId, request, onAnswer)
        else
            serverStreamingCall(
                channels.channel(address),
                methods.read,
                request,
                CallOptions.DEFAULT,
                headers.withoutToken(shardId),
                onAnswer,
            )

    private suspend fun readWithToken(
        address: String,
        shardId: Long,
        request: ReadRequest,
        onAnswer: (ReadResponse) -> Unit,
    ): Unit =
        serverStreamingCall(
            channels.channel(address),
            methods.read,
            request,
            CallOptions.DEFAULT,
            headers.forShard(shardId),
            onAnswer,
        )

    override fun writeStream(
        address: String,
        shardId: Long,
    ): BidiStream<WriteRequest, WriteResponse> =
        BidiStreamingCall(
            channels.channel(address),
            methods.writeStream,
            CallOptions.DEFAULT,
            headers,
            shardId,
        )

    override suspend fun list(
        address: String,
        shardId: Long,
        request: ListRequest,
    ): Flow<ListResponse> = serverStream(address, shardId, methods.list, request)

    override suspend fun rangeScan(
        address: String,
        shardId: Long,
        request: RangeScanRequest,
    ): Flow<RangeScanResponse> = serverStream(address, shardId, methods.rangeScan, request)

    override suspend fun notifications(
        address: String,
        shardId: Long,
        request: NotificationsRequest,
    ): Flow<NotificationBatch> = serverStream(address, shardId, methods.getNotifications, request)

    override suspend fun sequenceUpdates(
        address: String,
        shardId: Long,
        request: GetSequenceUpdatesRequest,
    ): Flow<GetSequenceUpdatesResponse> =
        serverStream(address, shardId, methods.getSequenceUpdates, request)

    override suspend fun createSession(
        address: String,
        shardId: Long,
        request: CreateSessionRequest,
    ): CreateSessionResponse = unary(address, shardId, methods.createSession, request)

    override suspend fun keepAlive(address: String, shardId: Long, request: SessionHeartbeat) {
        unary(address, shardId, methods.keepAlive, request)
    }

    override suspend fun closeSession(
        address: String,
        shardId: Long,
        request: CloseSessionRequest,
    ) {
        unary(address, shardId, methods.closeSession, request)
    }

    override suspend fun close() {
        channels.close()
    }

    private suspend fun <Q, A> serverStream(
        address: String,
        shardId: Long,
        method: MethodDescriptor<Q, A>,
        request: Q,
    ): Flow<A> =
        ClientCalls.serverStreamingRpc(
            channels.channel(address),
            method,
            request,
            CallOptions.DEFAULT,
            headers.forShard(shardId),
        )

    private suspend fun <Q, A> unary(
        address: String,
        shardId: Long,
        method: MethodDescriptor<Q, A>,
        request: Q,
    ): A =
        ClientCalls.unaryRpc(
            channels.channel(address),
            method,
            request,
            CallOptions.DEFAULT,
            headers.forShard(shardId),
        )
}
