package io.oxia.coroutines.internal

import io.oxia.coroutines.ClientStats
import io.oxia.coroutines.OxiaClientConfig
import io.oxia.coroutines.internal.batching.OperationTimeouts
import io.oxia.coroutines.internal.batching.PendingOperation
import io.oxia.coroutines.internal.batching.ShardReader
import io.oxia.coroutines.internal.batching.ShardWriter
import io.oxia.coroutines.internal.observability.ClientHealth
import io.oxia.coroutines.internal.retry.Backoff
import io.oxia.coroutines.internal.routing.ShardMapWatcher
import io.oxia.coroutines.internal.routing.ShardRouter
import io.oxia.coroutines.internal.routing.ShardRpc
import java.util.concurrent.ConcurrentHashMap
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.async
import kotlinx.coroutines.awaitAll
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.flow.first

/**
 * What every operation needs to reach its shard: the current shard map, one writer and one reader
 * per shard (started in the client's [scope] on first use), and the deadline watch that fails
 * operations at their timeout.
 */
internal class ShardBatchers(
    private val config: OxiaClientConfig,
    private val rpc: ShardRpc,
    private val watcher: ShardMapWatcher,
    private val scope: CoroutineScope,
    private val backoff: Backoff,
    private val health: ClientHealth,
) {
    private val writers = ConcurrentHashMap<Long, ShardWriter>()
    private val readers = ConcurrentHashMap<Long, ShardReader>()
    private val timeouts = OperationTimeouts(config.requestTimeout, scope)

    /** The current shard map, waiting for the first one if there is none yet. */
    suspend fun router(): ShardRouter =
        watcher.current.value ?: watcher.current.first { it != null }!!

    /** The current shard map, waiting until [deadline] for the first one if there is none yet. */
    suspend fun router(deadline: Long): ShardRouter =
        // Read without collecting the flow: this runs once per operation.
        watcher.current.value ?: bounded(deadline) { router() }

    /** Gives [operation] [deadline] and has it failed then if it has no answer by that time. */
    fun <O : PendingOperation<*>> until(operation: O, deadline: Long): O {
        operation.deadlineNanos = deadline
        timeouts.watch(operation)
        return operation
    }

    /** The writer of the shard [routingKey] routes to under the current shard map. */
    suspend fun writerFor(routingKey: String, deadline: Long): ShardWriter =
        writer(router(deadline).shardFor(routingKey).id)

    /** The writer of [shardId], started on first use. */
    fun writer(shardId: Long): ShardWriter =
        // A plain get first: computeIfAbsent costs more, and the writer exists after the first use.
        writers[shardId]
            ?: writers.computeIfAbsent(shardId) {
                ShardWriter(it, config, rpc, scope, backoff, health)
            }

    /** The client's stats: these batchers', with [sessions] and the counters of [health]. */
    fun stats(sessions: Map<Long, Long>, health: ClientHealth): ClientStats =
        ClientStats(
            pendingOperations = timeouts.watched,
            batchesInFlight = writers.mapValues { it.value.batchesInFlight },
            sessions = sessions,
            reconnectAttempts = health.reconnectAttempts.get(),
            openSubscriptions = health.openSubscriptions.get(),
        )

    /** The reader of [shardId], started on first use. */
    fun reader(shardId: Long): ShardReader =
        readers[shardId]
            ?: readers.computeIfAbsent(shardId) {
                ShardReader(it, config, rpc, scope, health.metrics)
            }

    /** Runs [block] for every shard of the current map at once, and gives their results. */
    suspend fun <T> eachShard(deadline: Long, block: suspend (Long) -> T): List<T> =
        coroutineScope {
            router(deadline).shards.map { shard -> async { block(shard.id) } }.awaitAll()
        }
}
