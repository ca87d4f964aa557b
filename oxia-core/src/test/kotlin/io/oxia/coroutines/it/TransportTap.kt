package io.oxia.coroutines.it

import io.oxia.coroutines.internal.routing.ShardRouter
import io.oxia.coroutines.internal.transport.BidiStream
import io.oxia.coroutines.internal.transport.OxiaTransport
import io.oxia.coroutines.proto.CloseSessionRequest
import io.oxia.coroutines.proto.CreateSessionRequest
import io.oxia.coroutines.proto.CreateSessionResponse
import io.oxia.coroutines.proto.GetSequenceUpdatesRequest
import io.oxia.coroutines.proto.ListRequest
import io.oxia.coroutines.proto.NotificationsRequest
import io.oxia.coroutines.proto.RangeScanRequest
import io.oxia.coroutines.proto.ReadRequest
import io.oxia.coroutines.proto.ReadResponse
import io.oxia.coroutines.proto.SessionHeartbeat
import io.oxia.coroutines.proto.ShardAssignments
import io.oxia.coroutines.proto.ShardAssignmentsRequest
import io.oxia.coroutines.proto.WriteRequest
import io.oxia.coroutines.proto.WriteResponse
import java.util.concurrent.ConcurrentHashMap
import java.util.concurrent.atomic.AtomicBoolean
import java.util.concurrent.atomic.AtomicInteger
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.flow.first
import kotlinx.coroutines.flow.flow
import kotlinx.coroutines.flow.map

/**
 * The client's transport as a real-server spec sees it: every call passes on to [inner], the gRPC
 * transport, and the spec can watch them (the shard map the client was given, the calls still open
 * and those made after close) or steer them as a faulty network or a stale map would (heartbeats
 * held, a stale leader in the map, one read sent to another server).
 */
internal class TransportTap(private val inner: OxiaTransport, private val namespace: String) :
    OxiaTransport {
    /** While `true`, session heartbeats hang without reaching the server, as to a stalled one. */
    val heartbeatsHeld = MutableStateFlow(false)

    private val staleLeaders = ConcurrentHashMap<Long, String>()
    private val misdirectedReads = ConcurrentHashMap<Long, String>()
    @Volatile private var router: ShardRouter? = null
    private val open = AtomicInteger()
    private val afterClose = AtomicInteger()
    @Volatile private var closeReturned = false

    /** The calls (streams included) not ended yet. */
    val openCalls: Int
        get() = open.get()

    /** The calls made after [close] returned. */
    val callsAfterClose: Int
        get() = afterClose.get()

    /** Whether [close] was called and returned. */
    val closed: Boolean
        get() = closeReturned

    /** The shard [routingKey] routes to under the latest shard map the client was given. */
    fun shardOf(routingKey: String): Long =
        checkNotNull(router) { "no shard map yet" }.shardFor(routingKey).id

    /** Has every shard map name [address] as the leader of [shardId], which it may not be. */
    fun planStaleLeader(shardId: Long, address: String) {
        staleLeaders[shardId] = address
    }

    /** Sends the next Read call of [shardId] to [address] instead of where the client sends it. */
    fun misdirectNextRead(shardId: Long, address: String) {
        misdirectedReads[shardId] = address
    }

    override val isClosed: Boolean
        get() = inner.isClosed

    override suspend fun shardAssignments(address: String, request: ShardAssignmentsRequest) =
        stream {
            inner.shardAssignments(address, request)
        }
        .map { observed(it) }

    override suspend fun read(
        address: String,
        shardId: Long,
        request: ReadRequest,
        onAnswer: (ReadResponse) -> Unit,
    ) = call { inner.read(misdirectedReads.remove(shardId) ?: address, shardId, request, onAnswer) }

    override fun writeStream(
        address: String,
        shardId: Long,
    ): BidiStream<WriteRequest, WriteResponse> {
        if (closeReturned) afterClose.incrementAndGet()
        return CountedStream(inner.writeStream(address, shardId))
    }

    override suspend fun list(address: String, shardId: Long, request: ListRequest) = stream {
        inner.list(address, shardId, request)
    }

    override suspend fun rangeScan(address: String, shardId: Long, request: RangeScanRequest) =
        stream {
            inner.rangeScan(address, shardId, request)
        }

    override suspend fun notifications(
        address: String,
        shardId: Long,
        request: NotificationsRequest,
    ) = stream { inner.notifications(address, shardId, request) }

    override suspend fun sequenceUpdates(
        address: String,
        shardId: Long,
        request: GetSequenceUpdatesRequest,
    ) = stream { inner.sequenceUpdates(address, shardId, request) }

    override suspend fun createSession(
        address: String,
        shardId: Long,
        request: CreateSessionRequest,
    ): CreateSessionResponse = call { inner.createSession(address, shardId, request) }

    override suspend fun keepAlive(address: String, shardId: Long, request: SessionHeartbeat) =
        call {
            heartbeatsHeld.first { !it }
            inner.keepAlive(address, shardId, request)
        }

    override suspend fun closeSession(
        address: String,
        shardId: Long,
        request: CloseSessionRequest,
    ) = call { inner.closeSession(address, shardId, request) }

    override suspend fun close() {
        inner.close()
        closeReturned = true
    }

    private fun observed(snapshot: ShardAssignments): ShardAssignments {
        val assignment = snapshot.namespacesMap[namespace] ?: return snapshot
        router = ShardRouter.of(assignment)
        if (staleLeaders.isEmpty()) return snapshot
        val stale =
            assignment
                .toBuilder()
                .apply {
                    assignmentsBuilderList.forEach { shard ->
                        staleLeaders[shard.shard]?.let { shard.setLeader(it) }
                    }
                }
                .build()
        return snapshot.toBuilder().putNamespaces(namespace, stale).build()
    }

    private suspend fun <T> call(block: suspend () -> T): T {
        if (closeReturned) afterClose.incrementAndGet()
        open.incrementAndGet()
        try {
            return block()
        } finally {
            open.decrementAndGet()
        }
    }

    private fun <T> stream(open: suspend () -> Flow<T>): Flow<T> = flow {
        call { open().collect { emit(it) } }
    }

    /** Open from its start until it ended or was cancelled. */
    private inner class CountedStream<Q, A>(private val stream: BidiStream<Q, A>) :
        BidiStream<Q, A> by stream {
        private val counted = AtomicBoolean(false)

        override suspend fun start(onAnswer: (A) -> Unit) {
            if (counted.compareAndSet(false, true)) open.incrementAndGet()
            stream.start(onAnswer)
        }

        override suspend fun awaitEnd() {
            try {
                stream.awaitEnd()
            } finally {
                ended()
            }
        }

        override suspend fun cancel(reason: String) {
            try {
                stream.cancel(reason)
            } finally {
                ended()
            }
        }

        private fun ended() {
            if (counted.compareAndSet(true, false)) open.decrementAndGet()
        }
    }
}
