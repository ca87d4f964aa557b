package io.oxia.coroutines.internal.streams

import io.oxia.coroutines.GetResult
import io.oxia.coroutines.OxiaClientConfig
import io.oxia.coroutines.OxiaTimeoutException
import io.oxia.coroutines.RangeOptions
import io.oxia.coroutines.UnavailableException
import io.oxia.coroutines.internal.conversion.toGetResult
import io.oxia.coroutines.internal.retry.Backoff
import io.oxia.coroutines.internal.routing.LeaderMovedException
import io.oxia.coroutines.internal.routing.ShardRouter
import io.oxia.coroutines.internal.routing.ShardRpc
import io.oxia.coroutines.internal.transport.RetryableException
import io.oxia.coroutines.internal.transport.RpcFailure
import io.oxia.coroutines.internal.transport.toOxiaException
import io.oxia.coroutines.internal.validation.INTERNAL_KEY_PREFIX
import io.oxia.coroutines.proto.ListRequest
import io.oxia.coroutines.proto.RangeScanRequest
import java.util.concurrent.atomic.AtomicReference
import kotlin.time.Duration
import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.delay
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.FlowCollector
import kotlinx.coroutines.flow.emitAll
import kotlinx.coroutines.flow.flow
import kotlinx.coroutines.flow.map

/**
 * List and range scan: one server stream per shard, merged in the namespace's key order with
 * bounded memory. A shard's stream that fails retryably before it delivered anything is opened
 * again (within the request timeout), and one whose shard's leader moves (see
 * [ShardRpc.whileLeader]) is given up and opened again on the new leader at once; after the first
 * chunk, a failure or a leader move ends the flow with a typed error, since the server cannot
 * resume a stream midway. A server that keeps a shard's stream waiting for the request timeout,
 * before its first answer or between two, fails the flow with [OxiaTimeoutException] (see
 * [AnswerTimer]); the calls have no deadline of their own. Deadlines are readings of [nanoTime].
 */
internal class RangeReads(
    private val config: OxiaClientConfig,
    private val rpc: ShardRpc,
    private val router: suspend () -> ShardRouter,
    private val keyOrder: Comparator<String>,
    private val backoff: Backoff,
    private val nanoTime: () -> Long = System::nanoTime,
) {
    fun list(start: String, end: String, options: RangeOptions): Flow<String> {
        val request =
            ListRequest.newBuilder()
                .setStartInclusive(start)
                .setEndExclusive(end)
                .setIncludeInternalKeys(options.includeInternalKeys)
                .apply { options.secondaryIndexName?.let { setSecondaryIndexName(it) } }
                .build()
        return readRange(options, keyOrder) { shardId, leader ->
            rpc.transport.list(leader, shardId, request.toBuilder().setShard(shardId).build()).map {
                visible(it.keysList, options) { key -> key }
            }
        }
    }

    fun rangeScan(start: String, end: String, options: RangeOptions): Flow<GetResult> {
        val request =
            RangeScanRequest.newBuilder()
                .setStartInclusive(start)
                .setEndExclusive(end)
                .setIncludeInternalKeys(options.includeInternalKeys)
                .apply { options.secondaryIndexName?.let { setSecondaryIndexName(it) } }
                .build()
        return readRange(options, compareBy(keyOrder) { it.key }) { shardId, leader ->
            val shardRequest = request.toBuilder().setShard(shardId).build()
            rpc.transport.rangeScan(leader, shardId, shardRequest).map { response ->
                visible(response.recordsList, options) { it.key }.map { it.toGetResult(it.key) }
            }
        }
    }

    /**
     * One stream per shard of [options], merged in [order] (or shard by shard through a secondary
     * index).
     */
    private fun <T> readRange(
        options: RangeOptions,
        order: Comparator<in T>,
        shardStream: suspend (shardId: Long, leader: String) -> Flow<List<T>>,
    ): Flow<T> {
        val sources: suspend () -> List<Flow<List<T>>> = {
            shardsOf(options).map { shardId ->
                retriedUntilFirstChunk(shardId, options.timeout ?: config.requestTimeout) { leader
                    ->
                    emitAll(shardStream(shardId, leader))
                }
            }
        }
        return if (options.secondaryIndexName == null) mergeSorted(sources, order)
        else shardByShard(sources)
    }

    /**
     * Servers up to v0.15 return Oxia's own `__oxia/` keys whatever the request says; hide them
     * unless asked.
     */
    private inline fun <T> visible(
        items: List<T>,
        options: RangeOptions,
        key: (T) -> String,
    ): List<T> =
        if (options.includeInternalKeys || items.none { key(it).startsWith(INTERNAL_KEY_PREFIX) })
            items
        else items.filterNot { key(it).startsWith(INTERNAL_KEY_PREFIX) }

    /**
     * Through a secondary index the servers answer each shard in secondary-key order but without
     * the secondary keys (list gives primary keys only, range-scan records leave them out), so
     * answers cannot be merged across shards: they come one shard after the other, the next shard's
     * call opened when the previous one is done.
     */
    private fun <T> shardByShard(sources: suspend () -> List<Flow<List<T>>>): Flow<T> = flow {
        for (source in sources()) source.collect { chunk -> chunk.forEach { emit(it) } }
    }

    private suspend fun shardsOf(options: RangeOptions): List<Long> {
        val current = router()
        return options.partitionKey?.let { listOf(current.shardFor(it).id) }
            ?: current.shards.map { it.id }
    }

    /**
     * The chunks of one shard's stream, made by [stream] for the shard's leader. Before the first
     * answer, the stream is opened again after a retryable failure while the request timeout
     * allows; after it, a failure ends the flow. A server that keeps the flow waiting for [limit]
     * (the request timeout, or the options' own), in all before its first answer or between two
     * answers (the collector's own time aside), is reported stalled and the flow fails with
     * [OxiaTimeoutException].
     */
    private fun <T> retriedUntilFirstChunk(
        shardId: Long,
        limit: Duration,
        stream: suspend FlowCollector<List<T>>.(leader: String) -> Unit,
    ): Flow<List<T>> = flow {
        val deadline = nanoTime() + limit.inWholeNanoseconds
        // The server the current attempt reads from, once known: named when it stalls.
        val leader = AtomicReference<String?>()
        val stalled = {
            val server = leader.get()
            server?.let(rpc::suspect)
            OxiaTimeoutException(
                "shard $shardId of namespace '${config.namespace}': " +
                    (server?.let { "the server $it sent no answer for $limit" }
                        ?: "no leader was known within $limit")
            )
        }
        withAnswerTimer(limit, deadline, stalled, nanoTime) { timer ->
            readRetrying(shardId, deadline) { delivered ->
                leader.set(null)
                val current = rpc.leaderOf(shardId)
                leader.set(current)
                // A split drops the shard from the map, but its leader serves the read to the end.
                rpc.whileLeader(shardId, current, whileDropped = true) {
                    flow { stream(current) }
                        .collect {
                            delivered()
                            timer.answered()
                            emit(it)
                            timer.awaitingAnswer()
                        }
                }
            }
        }
    }

    /**
     * Runs [attempt] again after a retryable failure while it has delivered nothing and the next
     * attempt can start before [deadline] (at once after a leader move); throws the last failure,
     * typed, otherwise.
     */
    private suspend fun readRetrying(
        shardId: Long,
        deadline: Long,
        attempt: suspend (onDelivered: () -> Unit) -> Unit,
    ) {
        var attempts = 0
        while (true) {
            var delivered = false
            val failure =
                try {
                    attempt { delivered = true }
                    return
                } catch (e: CancellationException) {
                    throw e
                } catch (e: LeaderMovedException) {
                    rpc.checkOpen()
                    if (delivered || nanoTime() >= deadline) throw movedAway(e, delivered)
                    continue
                } catch (e: RetryableException) {
                    rpc.checkOpen()
                    e.failure
                } catch (e: Exception) {
                    rpc.checkOpen()
                    RpcFailure.of(e) ?: throw e
                }
            val pause = backoff.delayFor(attempts++)
            val retry =
                !delivered &&
                    (failure == null || failure.retryable) &&
                    nanoTime() + pause.inWholeNanoseconds < deadline
            if (!retry) {
                throw failure?.toOxiaException(config.namespace)
                    ?: UnavailableException(
                        "shard $shardId could not be read within the request timeout"
                    )
            }
            failure?.leaderHint?.let { rpc.noteLeaderHint(shardId, it) }
            delay(pause)
        }
    }

    private fun movedAway(e: LeaderMovedException, delivered: Boolean) =
        UnavailableException(
            "shard ${e.shardId}: its leader moved away from ${e.from} " +
                if (delivered)
                    "after part of the range was delivered, and a read cannot resume midway"
                else "and no new leader answered within the request timeout"
        )
}
