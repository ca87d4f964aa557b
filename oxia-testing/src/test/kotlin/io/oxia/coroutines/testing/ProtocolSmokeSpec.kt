package io.oxia.coroutines.testing

import com.google.protobuf.ByteString
import io.grpc.Grpc
import io.grpc.InsecureChannelCredentials
import io.grpc.ManagedChannel
import io.grpc.Metadata
import io.grpc.Status
import io.grpc.StatusException
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.oxia.coroutines.proto.GetRequest
import io.oxia.coroutines.proto.OxiaClientGrpcKt as V1
import io.oxia.coroutines.proto.PutRequest
import io.oxia.coroutines.proto.ReadRequest
import io.oxia.coroutines.proto.ShardAssignment
import io.oxia.coroutines.proto.ShardAssignments
import io.oxia.coroutines.proto.ShardAssignmentsRequest
import io.oxia.coroutines.proto.Status as OxiaStatus
import io.oxia.coroutines.proto.WriteRequest
import io.oxia.coroutines.proto.legacy.OxiaClientGrpcKt as Legacy
import java.util.concurrent.TimeUnit
import kotlinx.coroutines.channels.Channel
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.consumeAsFlow
import kotlinx.coroutines.flow.first
import kotlinx.coroutines.flow.toList
import net.openhft.hashing.LongHashFunction

/**
 * The raw protocol against real servers: shard map, a put to the right leader over WriteStream, a
 * read back.
 */
class ProtocolSmokeSpec :
    FunSpec({
        test("XXH3 routing hashes match Oxia's test vectors") {
            routingHash("foo") shouldBe 125730186L
            routingHash("bar") shouldBe 2687685474L
            routingHash("baz") shouldBe 862947621L
        }

        test("a 3-shard standalone: shard map, put and read back through each service name") {
            OxiaStandalone.start(shards = 3).use { server ->
                exercise(server.serviceAddress, server.version, expectedShards = 3)
            }
        }

        test("a 3-node cluster: shard map, put and read back through each service name") {
            OxiaCluster.start(servers = 3).use { cluster ->
                exercise(cluster.serviceAddress, cluster.version, expectedShards = 3)
            }
        }
    })

private fun routingHash(key: String): Long =
    LongHashFunction.xx3().hashBytes(key.toByteArray()) and 0xFFFFFFFFL

/** One service name's stubs, so that the same steps run through both. */
private class Protocol(
    val name: String,
    val assignments:
        suspend (ManagedChannel, ShardAssignmentsRequest, Metadata) -> ShardAssignments,
    val write:
        (ManagedChannel, Flow<WriteRequest>, Metadata) -> Flow<
                io.oxia.coroutines.proto.WriteResponse
            >,
    val read:
        suspend (ManagedChannel, ReadRequest, Metadata) -> List<
                io.oxia.coroutines.proto.ReadResponse
            >,
)

private val protocols =
    listOf(
        Protocol(
            "io.oxia.proto.v1.OxiaClient",
            { ch, req, h -> V1.OxiaClientCoroutineStub(ch).getShardAssignments(req, h).first() },
            { ch, req, h -> V1.OxiaClientCoroutineStub(ch).writeStream(req, h) },
            { ch, req, h -> V1.OxiaClientCoroutineStub(ch).read(req, h).toList() },
        ),
        Protocol(
            "io.streamnative.oxia.proto.OxiaClient",
            { ch, req, h ->
                Legacy.OxiaClientCoroutineStub(ch).getShardAssignments(req, h).first()
            },
            { ch, req, h -> Legacy.OxiaClientCoroutineStub(ch).writeStream(req, h) },
            { ch, req, h -> Legacy.OxiaClientCoroutineStub(ch).read(req, h).toList() },
        ),
    )

private fun headers(shard: Long? = null) =
    Metadata().apply {
        put(Metadata.Key.of("namespace", Metadata.ASCII_STRING_MARSHALLER), "default")
        shard?.let {
            put(Metadata.Key.of("shard-id", Metadata.ASCII_STRING_MARSHALLER), it.toString())
        }
    }

private fun <T> withChannel(address: String, block: (ManagedChannel) -> T): T {
    val channel = Grpc.newChannelBuilder(address, InsecureChannelCredentials.create()).build()
    try {
        return block(channel)
    } finally {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS)
    }
}

private suspend fun exercise(address: String, version: String, expectedShards: Int) {
    val served = OxiaBinary.serviceNames(version)
    for (protocol in protocols) {
        val bootstrap = Grpc.newChannelBuilder(address, InsecureChannelCredentials.create()).build()
        try {
            val request = ShardAssignmentsRequest.newBuilder().setNamespace("default").build()
            if (served.isNotEmpty() && protocol.name !in served) {
                shouldThrow<StatusException> { protocol.assignments(bootstrap, request, headers()) }
                    .status
                    .code shouldBe Status.Code.UNIMPLEMENTED
                continue
            }
            val shards =
                protocol
                    .assignments(bootstrap, request, headers())
                    .namespacesMap
                    .getValue("default")
                    .assignmentsList
            shards.size shouldBe expectedShards
            val key = "/smoke/${protocol.name}"
            val shard = shardFor(shards, key)
            val value = ByteString.copyFromUtf8("hello through ${protocol.name}")
            val leader =
                Grpc.newChannelBuilder(shard.leader, InsecureChannelCredentials.create()).build()
            try {
                val write =
                    WriteRequest.newBuilder()
                        .setShard(shard.shard)
                        .addPuts(PutRequest.newBuilder().setKey(key).setValue(value))
                        .build()
                // The request side stays open until the answer came: the server ends the stream
                // when it closes.
                val requests = Channel<WriteRequest>(1).apply { trySend(write) }
                val put =
                    protocol
                        .write(leader, requests.consumeAsFlow(), headers(shard.shard))
                        .first()
                        .getPuts(0)
                requests.close()
                put.status shouldBe OxiaStatus.OK
                val read =
                    ReadRequest.newBuilder()
                        .setShard(shard.shard)
                        .addGets(GetRequest.newBuilder().setKey(key).setIncludeValue(true))
                        .build()
                val got =
                    protocol
                        .read(leader, read, headers(shard.shard))
                        .flatMap { it.getsList }
                        .single()
                got.status shouldBe OxiaStatus.OK
                got.value shouldBe value
                got.version.versionId shouldBe put.version.versionId
            } finally {
                leader.shutdownNow().awaitTermination(5, TimeUnit.SECONDS)
            }
        } finally {
            bootstrap.shutdownNow().awaitTermination(5, TimeUnit.SECONDS)
        }
    }
}

private fun shardFor(shards: List<ShardAssignment>, key: String): ShardAssignment {
    val hash = routingHash(key)
    return shards.single {
        hash in
            it.int32HashRange.minHashInclusive.toUInt().toLong()..it.int32HashRange.maxHashInclusive
                    .toUInt()
                    .toLong()
    }
}
