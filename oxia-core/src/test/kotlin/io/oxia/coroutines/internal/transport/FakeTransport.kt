package io.oxia.coroutines.internal.transport

import io.grpc.Status
import io.oxia.coroutines.ClientClosedException
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
import kotlinx.coroutines.channels.Channel
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.flow

/**
 * An [OxiaTransport] that a spec plays the servers of: every call is handed to the spec as it is
 * made (in [assignmentCalls], [readCalls], [writeStreams]), and the spec answers it, fails it or
 * leaves it hanging. Calls the specs here do not need fail with UNIMPLEMENTED.
 */
internal class FakeTransport : OxiaTransport {
    /** Each shard-assignments stream opened, in order. */
    val assignmentCalls = Channel<FakeServerStream<ShardAssignments>>(Channel.UNLIMITED)
    /** Each Read call made, in order. */
    val readCalls = Channel<FakeServerStream<ReadResponse>>(Channel.UNLIMITED)
    /** Each write stream opened, in order. */
    val writeStreams = Channel<FakeWriteStream>(Channel.UNLIMITED)
    /** Each List call made, in order. */
    val listCalls = Channel<FakeServerStream<ListResponse>>(Channel.UNLIMITED)
    /** Each Notifications stream opened, in order. */
    val notificationCalls = Channel<FakeServerStream<NotificationBatch>>(Channel.UNLIMITED)
    /** Each GetSequenceUpdates stream opened, in order. */
    val sequenceCalls = Channel<FakeServerStream<GetSequenceUpdatesResponse>>(Channel.UNLIMITED)

    @Volatile private var closed = false

    override val isClosed: Boolean
        get() = closed

    override suspend fun shardAssignments(
        address: String,
        request: ShardAssignmentsRequest,
    ): Flow<ShardAssignments> = flow {
        val call = FakeServerStream<ShardAssignments>(address, null)
        assignmentCalls.send(call)
        call.serve { emit(it) }
    }

    override suspend fun read(
        address: String,
        shardId: Long,
        request: ReadRequest,
        onAnswer: (ReadResponse) -> Unit,
    ) {
        checkOpen()
        val call = FakeServerStream<ReadResponse>(address, shardId, request)
        readCalls.send(call)
        call.serve { onAnswer(it) }
    }

    override fun writeStream(
        address: String,
        shardId: Long,
    ): BidiStream<WriteRequest, WriteResponse> {
        checkOpen()
        return FakeWriteStream(address, shardId).also { writeStreams.trySend(it) }
    }

    override suspend fun list(
        address: String,
        shardId: Long,
        request: ListRequest,
    ): Flow<ListResponse> = served(listCalls, address, shardId, request)

    override suspend fun rangeScan(
        address: String,
        shardId: Long,
        request: RangeScanRequest,
    ): Flow<RangeScanResponse> = unimplemented()

    override suspend fun notifications(
        address: String,
        shardId: Long,
        request: NotificationsRequest,
    ): Flow<NotificationBatch> = served(notificationCalls, address, shardId, request)

    override suspend fun sequenceUpdates(
        address: String,
        shardId: Long,
        request: GetSequenceUpdatesRequest,
    ): Flow<GetSequenceUpdatesResponse> = served(sequenceCalls, address, shardId, request)

    override suspend fun createSession(
        address: String,
        shardId: Long,
        request: CreateSessionRequest,
    ): CreateSessionResponse = unimplemented()

    override suspend fun keepAlive(address: String, shardId: Long, request: SessionHeartbeat) =
        unimplemented()

    override suspend fun closeSession(
        address: String,
        shardId: Long,
        request: CloseSessionRequest,
    ) = unimplemented()

    override suspend fun close() {
        closed = true
    }

    private fun <A> served(
        calls: Channel<FakeServerStream<A>>,
        address: String,
        shardId: Long,
        request: Any,
    ): Flow<A> = flow {
        checkOpen()
        val call = FakeServerStream<A>(address, shardId, request)
        calls.send(call)
        call.serve { emit(it) }
    }

    private fun checkOpen() {
        if (closed) throw ClientClosedException()
    }

    private fun unimplemented(): Nothing = throw Status.UNIMPLEMENTED.asException()
}
