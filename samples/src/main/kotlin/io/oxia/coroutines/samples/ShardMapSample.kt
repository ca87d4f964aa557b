package io.oxia.coroutines.samples

import io.grpc.Grpc
import io.grpc.InsecureChannelCredentials
import io.grpc.Metadata
import io.oxia.coroutines.proto.legacy.OxiaClientGrpcKt
import io.oxia.coroutines.proto.shardAssignmentsRequest
import java.util.concurrent.TimeUnit
import kotlinx.coroutines.flow.first

/**
 * Connects with the raw protocol stubs and prints the namespace's shard map: which server leads
 * which hash range.
 */
suspend fun shardMapSample(address: String) {
    println("== shard map of namespace 'default' at $address")
    val channel = Grpc.newChannelBuilder(address, InsecureChannelCredentials.create()).build()
    try {
        val stub = OxiaClientGrpcKt.OxiaClientCoroutineStub(channel)
        val snapshot =
            stub
                .getShardAssignments(shardAssignmentsRequest { namespace = "default" }, Metadata())
                .first()
        val shards = snapshot.namespacesMap.getValue("default").assignmentsList
        shards.forEach {
            val range = it.int32HashRange
            println(
                "  shard ${it.shard}: leader ${it.leader}, hashes " +
                    "[${range.minHashInclusive.toUInt()}, ${range.maxHashInclusive.toUInt()}]"
            )
        }
        check(
            true,
            shards.isNotEmpty() && shards.all { it.leader.isNotEmpty() },
            "every shard has a leader",
        )
    } finally {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS)
    }
}
