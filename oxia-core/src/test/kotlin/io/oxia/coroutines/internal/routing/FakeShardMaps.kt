package io.oxia.coroutines.internal.routing

import io.oxia.coroutines.OxiaClientBuilder
import io.oxia.coroutines.OxiaClientConfig
import io.oxia.coroutines.internal.transport.FakeServerStream
import io.oxia.coroutines.internal.transport.FakeTransport
import io.oxia.coroutines.proto.Int32HashRange
import io.oxia.coroutines.proto.NamespaceShardsAssignment
import io.oxia.coroutines.proto.ShardAssignment
import io.oxia.coroutines.proto.ShardAssignments
import kotlin.time.Duration.Companion.seconds
import kotlinx.coroutines.CoroutineScope

/** A client configuration for specs: bootstraps from [address], namespace `ns`. */
internal fun fakeConfig(
    address: String = "a:1",
    configure: OxiaClientBuilder.() -> Unit = {},
): OxiaClientConfig =
    OxiaClientBuilder(address)
        .apply {
            namespace = "ns"
            requestTimeout = 2.seconds
            connectTimeout = 5.seconds
            configure()
        }
        .build()

/**
 * A shard map of namespace `ns` where shard N has the leader at [leaders] index N (`""` for none),
 * the hash space cut evenly between them.
 */
internal fun shardMap(vararg leaders: String, namespace: String = "ns"): ShardAssignments {
    val width = (1L shl 32) / leaders.size
    val assignment = NamespaceShardsAssignment.newBuilder()
    leaders.forEachIndexed { shard, leader ->
        val max = if (shard == leaders.lastIndex) (1L shl 32) - 1 else (shard + 1) * width - 1
        assignment.addAssignments(
            ShardAssignment.newBuilder()
                .setShard(shard.toLong())
                .setLeader(leader)
                .setInt32HashRange(
                    Int32HashRange.newBuilder()
                        .setMinHashInclusive((shard * width).toInt())
                        .setMaxHashInclusive(max.toInt())
                )
        )
    }
    return ShardAssignments.newBuilder().putNamespaces(namespace, assignment.build()).build()
}

/**
 * A [ShardMapWatcher] on [transport], started in [scope], that has received [first] from the first
 * server it asked; gives the watcher and that server's open shard-map stream.
 */
internal suspend fun watching(
    config: OxiaClientConfig,
    transport: FakeTransport,
    scope: CoroutineScope,
    first: ShardAssignments,
): Pair<ShardMapWatcher, FakeServerStream<ShardAssignments>> {
    val watcher = ShardMapWatcher(config, transport)
    watcher.start(scope)
    val stream = transport.assignmentCalls.receive()
    stream.answer(first)
    watcher.awaitFirst()
    return watcher to stream
}
