package io.oxia.coroutines.testing.it

import com.google.protobuf.ByteString
import io.grpc.Grpc
import io.grpc.InsecureChannelCredentials
import io.grpc.ManagedChannel
import io.grpc.Metadata
import io.oxia.coroutines.proto.GetRequest
import io.oxia.coroutines.proto.GetResponse
import io.oxia.coroutines.proto.NotificationBatch
import io.oxia.coroutines.proto.NotificationsRequest
import io.oxia.coroutines.proto.OxiaClientGrpcKt as V1
import io.oxia.coroutines.proto.PutRequest
import io.oxia.coroutines.proto.PutResponse
import io.oxia.coroutines.proto.ReadRequest
import io.oxia.coroutines.proto.ShardAssignment
import io.oxia.coroutines.proto.ShardAssignments
import io.oxia.coroutines.proto.ShardAssignmentsRequest
import io.oxia.coroutines.proto.WriteRequest
import io.oxia.coroutines.proto.WriteResponse
import io.oxia.coroutines.proto.legacy.OxiaClientGrpcKt as Legacy
import java.util.concurrent.TimeUnit
import kotlinx.coroutines.awaitCancellation
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.first
import kotlinx.coroutines.flow.flow
import kotlinx.coroutines.flow.toList
import net.openhft.hashing.LongHashFunction

/**
 * The Oxia client protocol spoken directly through the generated grpc-kotlin stubs of one service
 * name, so that specs can check a server without the client library. Every call opens a plaintext
 * channel to exactly the `host:port` it is given and has a 10 s deadline.
 */
class RawProtocol
private constructor(
    val serviceName: String,
    private val stub: (ManagedChannel) -> Stub,
) {
    /** The four calls the specs use, bound to one generated stub. */
    class Stub(
        val assignments: (ShardAssignmentsRequest, Metadata) -> Flow<ShardAssignments>,
        val writeStream: (Flow<WriteRequest>, Metadata) -> Flow<WriteResponse>,
        val read: (ReadRequest, Metadata) -> Flow<io.oxia.coroutines.proto.ReadResponse>,
        val notifications: (NotificationsRequest, Metadata) -> Flow<NotificationBatch>,
    )

    /** The first shard map snapshot that [address] sends for [namespace]. */
    suspend fun shards(address: String, namespace: String = "default"): List<ShardAssignment> =
        onChannel(address) { stub ->
            stub
                .assignments(
                    ShardAssignmentsRequest.newBuilder().setNamespace(namespace).build(),
                    headers(namespace),
                )
                .first()
                .namespacesMap
                .getValue(namespace)
                .assignmentsList
        }

    /**
     * Puts [key] over WriteStream to [shard]'s [leader], keeping the request side open until the
     * answer.
     */
    suspend fun put(
        leader: String,
        shard: Long,
        key: String,
        value: ByteString,
        namespace: String = "default",
    ): PutResponse =
        onChannel(leader) { stub ->
            val request =
                WriteRequest.newBuilder()
                    .setShard(shard)
                    .addPuts(PutRequest.newBuilder().setKey(key).setValue(value))
                    .build()
            stub
                .writeStream(
                    flow {
                        emit(request)
                        awaitCancellation()
                    },
                    headers(namespace, shard),
                )
                .first()
                .putsList
                .single()
        }

    /** Gets [key] with its value over Read from [shard]'s [leader]. */
    suspend fun get(
        leader: String,
        shard: Long,
        key: String,
        namespace: String = "default",
    ): GetResponse =
        onChannel(leader) { stub ->
            stub
                .read(
                    ReadRequest.newBuilder()
                        .setShard(shard)
                        .addGets(GetRequest.newBuilder().setKey(key).setIncludeValue(true))
                        .build(),
                    headers(namespace, shard),
                )
                .toList()
                .flatMap { it.getsList }
                .single()
        }

    /** The first notification batch [shard]'s [leader] sends. */
    suspend fun firstNotificationBatch(
        leader: String,
        shard: Long,
        namespace: String = "default",
    ): NotificationBatch =
        onChannel(leader) { stub ->
            stub
                .notifications(
                    NotificationsRequest.newBuilder().setShard(shard).build(),
                    headers(namespace, shard),
                )
                .first()
        }

    private suspend fun <T> onChannel(address: String, block: suspend (Stub) -> T): T {
        val channel = Grpc.newChannelBuilder(address, InsecureChannelCredentials.create()).build()
        try {
            return block(stub(channel))
        } finally {
            channel.shutdownNow()
        }
    }

    override fun toString(): String = serviceName

    companion object {
        private const val DEADLINE_SECONDS = 10L

        val v1 =
            RawProtocol("io.oxia.proto.v1.OxiaClient") { channel ->
                val stub =
                    V1.OxiaClientCoroutineStub(channel)
                        .withDeadlineAfter(DEADLINE_SECONDS, TimeUnit.SECONDS)
                Stub(
                    stub::getShardAssignments,
                    stub::writeStream,
                    stub::read,
                    stub::getNotifications,
                )
            }

        val legacy =
            RawProtocol("io.streamnative.oxia.proto.OxiaClient") { channel ->
                val stub =
                    Legacy.OxiaClientCoroutineStub(channel)
                        .withDeadlineAfter(DEADLINE_SECONDS, TimeUnit.SECONDS)
                Stub(
                    stub::getShardAssignments,
                    stub::writeStream,
                    stub::read,
                    stub::getNotifications,
                )
            }

        /** Both service names the protocol is served under. */
        val all = listOf(v1, legacy)

        /** XXH3-64 with seed 0 of the UTF-8 bytes, low 32 bits as an unsigned number. */
        fun routingHash(key: String): Long =
            LongHashFunction.xx3().hashBytes(key.toByteArray(Charsets.UTF_8)) and 0xFFFFFFFFL

        /** The shard whose inclusive hash range holds [key]'s routing hash. */
        fun shardFor(shards: List<ShardAssignment>, key: String): ShardAssignment {
            val hash = routingHash(key)
            return shards.single { hash in it.hashRange() }
        }

        fun ShardAssignment.hashRange(): LongRange =
            int32HashRange.minHashInclusive.toUInt().toLong()..int32HashRange.maxHashInclusive
                    .toUInt()
                    .toLong()

        fun headers(namespace: String, shard: Long? = null): Metadata =
            Metadata().apply {
                put(Metadata.Key.of("namespace", Metadata.ASCII_STRING_MARSHALLER), namespace)
                shard?.let {
                    put(
                        Metadata.Key.of("shard-id", Metadata.ASCII_STRING_MARSHALLER),
                        it.toString(),
                    )
                }
            }
    }
}
