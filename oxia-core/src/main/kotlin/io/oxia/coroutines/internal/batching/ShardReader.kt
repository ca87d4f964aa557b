package io.oxia.coroutines.internal.batching

import io.grpc.CallOptions
import io.grpc.kotlin.ClientCalls
import io.oxia.coroutines.ClientClosedException
import io.oxia.coroutines.OxiaClientConfig
import io.oxia.coroutines.ServerException
import io.oxia.coroutines.internal.RetryableException
import io.oxia.coroutines.internal.transport.RpcFailure
import io.oxia.coroutines.internal.transport.ShardRpc
import io.oxia.coroutines.internal.transport.toOxiaException
import io.oxia.coroutines.proto.GetResponse
import io.oxia.coroutines.proto.ReadRequest
import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.CoroutineName
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.NonCancellable
import kotlinx.coroutines.channels.Channel
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.launch
import kotlinx.coroutines.sync.Semaphore
import kotlinx.coroutines.withContext

/**
 * Sends one shard's gets in batches, each batch one Read call to the shard's leader, at most
 * [OxiaClientConfig.maxInFlightBatchesPerShard] calls at once. Reads change nothing, so a failed
 * batch is simply failed with a retryable error and each caller's retry loop sends its get again.
 */
internal class ShardReader(
    private val shardId: Long,
    private val config: OxiaClientConfig,
    private val rpc: ShardRpc,
    scope: CoroutineScope,
) {
    private val queue =
        Channel<PendingGet>(config.maxBatchOperations * config.maxInFlightBatchesPerShard)

    init {
        scope.launch(CoroutineName("oxia-reader-shard-$shardId")) { run() }
    }

    /**
     * Sends [get] and waits for the server's answer; a caller cancelled before the send withdraws
     * it.
     */
    suspend fun execute(get: PendingGet): GetResponse = queue.sendAndAwait(get)

    private suspend fun run() {
        val permits = Semaphore(config.maxInFlightBatchesPerShard)
        try {
            coroutineScope {
                while (true) {
                    val batch = nextBatch()
                    permits.acquire()
                    launch {
                        try {
                            read(batch)
                        } finally {
                            permits.release()
                        }
                    }
                }
            }
        } finally {
            withContext(NonCancellable) {
                queue.close()
                val closed = ClientClosedException()
                while (true) queue.tryReceive().getOrNull()?.fail(closed) ?: break
            }
        }
    }

    private suspend fun nextBatch(): List<PendingGet> {
        val batch = ArrayList<PendingGet>()
        while (batch.isEmpty()) queue.receive().let { if (it.claimForSending()) batch += it }
        while (batch.size < config.maxBatchOperations) {
            val get = queue.tryReceive().getOrNull() ?: break
            if (get.claimForSending()) batch += get
        }
        return batch
    }

    private suspend fun read(batch: List<PendingGet>) {
        try {
            val leader = rpc.leaderOf(shardId)
            val request =
                ReadRequest.newBuilder()
                    .setShard(shardId)
                    .addAllGets(batch.map { it.request })
                    .build()
            var next = 0
            ClientCalls.serverStreamingRpc(
                    rpc.channel(leader),
                    rpc.methods.read,
                    request,
                    CallOptions.DEFAULT,
                    rpc.headers(shardId),
                )
                .collect { response ->
                    response.getsList.forEach { batch.getOrNull(next++)?.response?.complete(it) }
                }
            if (next != batch.size) {
                batch.forEach {
                    it.fail(ServerException("the server answered $next of ${batch.size} gets"))
                }
            }
        } catch (e: CancellationException) {
            batch.forEach { it.fail(ClientClosedException()) }
            throw e
        } catch (e: RetryableException) {
            batch.forEach { it.fail(e) }
        } catch (e: Exception) {
            val failure = RpcFailure.of(e)
            if (failure?.leaderHint != null) rpc.noteLeaderHint(shardId, failure.leaderHint)
            val cause =
                when {
                    failure == null -> e
                    failure.retryable ->
                        RetryableException("read from shard $shardId failed: $failure", failure)
                    else -> failure.toOxiaException(config.namespace)
                }
            batch.forEach { it.fail(cause) }
        }
    }
}
