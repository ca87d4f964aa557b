package io.oxia.coroutines.internal.transport

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

/**
 * The calls of the Oxia client service, one per RPC, each to the server at an address as the shard
 * map spells it. It knows neither shards' leaders nor retries: a call goes where it is told, and a
 * failed call fails with the gRPC status as it came (a [io.grpc.StatusException] or
 * [io.grpc.StatusRuntimeException], for [RpcFailure.of] to classify), or with
 * [io.oxia.coroutines.ClientClosedException] once the transport is closed. A `shardId` only goes
 * into the call's headers.
 *
 * Streams are cold: the call starts when the flow is collected, and cancelling the collection
 * cancels it.
 */
internal interface OxiaTransport {
    /** Whether [close] was called; calls failing from then on fail because the client closed. */
    val isClosed: Boolean

    /** The namespaces' shard maps from [address]: the current one at once, then each change. */
    suspend fun shardAssignments(
        address: String,
        request: ShardAssignmentsRequest,
    ): Flow<ShardAssignments>

    /**
     * Reads a batch of gets from [address], handing each answer to [onAnswer] on the transport's
     * thread as it arrives (it must neither block nor suspend), and returns when the server ends
     * the call.
     */
    suspend fun read(
        address: String,
        shardId: Long,
        request: ReadRequest,
        onAnswer: (ReadResponse) -> Unit,
    )

    /** A write stream to [address], not started yet. */
    fun writeStream(address: String, shardId: Long): BidiStream<WriteRequest, WriteResponse>

    /** The keys of a range, in chunks. */
    suspend fun list(address: String, shardId: Long, request: ListRequest): Flow<ListResponse>

    /** The records of a range, in chunks. */
    suspend fun rangeScan(
        address: String,
        shardId: Long,
        request: RangeScanRequest,
    ): Flow<RangeScanResponse>

    /** The shard's changes, endless until the server ends it. */
    suspend fun notifications(
        address: String,
        shardId: Long,
        request: NotificationsRequest,
    ): Flow<NotificationBatch>

    /** The highest key of a sequence, each time it changes. */
    suspend fun sequenceUpdates(
        address: String,
        shardId: Long,
        request: GetSequenceUpdatesRequest,
    ): Flow<GetSequenceUpdatesResponse>

    /** Creates a session. */
    suspend fun createSession(
        address: String,
        shardId: Long,
        request: CreateSessionRequest,
    ): CreateSessionResponse

    /** Keeps a session alive. */
    suspend fun keepAlive(address: String, shardId: Long, request: SessionHeartbeat)

    /** Closes a session, deleting its ephemeral records. */
    suspend fun closeSession(address: String, shardId: Long, request: CloseSessionRequest)

    /** Ends every call and connection; calls made afterwards fail. */
    suspend fun close()
}
