package io.oxia.coroutines.internal.batching

import io.oxia.coroutines.ClientClosedException
import io.oxia.coroutines.OxiaClientConfig
import io.oxia.coroutines.ServerException
import io.oxia.coroutines.internal.observability.BatchKind
import io.oxia.coroutines.internal.observability.ClientMetrics
import io.oxia.coroutines.internal.routing.ShardRpc
import io.oxia.coroutines.internal.routing.retryableOrThrow
import io.oxia.coroutines.internal.transport.RetryableException
import io.oxia.coroutines.proto.GetResponse
import io.oxia.coroutines.proto.ReadRequest
import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.CoroutineName
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.CoroutineStart
import kotlinx.coroutines.NonCancellable
import kotlinx.coroutines.channels.Channel
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.launch
import kotlinx.coroutines.sync.Semaphore
import kotlinx.coroutines.withContext
import kotlinx.coroutines.yield

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
    private val metrics: ClientMetrics? = null,
) {
    private val queue = batcherQueue<PendingGet>(shardId, config)

    init {
        scope.launch(CoroutineName("oxia-reader-shard-$shardId")) { run() }
    }

    /**
     * Sends [get] and waits for the server's answer; a caller cancelled before the send withdraws
     * it.
     */
    suspend fun execute(get: PendingGet): GetResponse = queue.sendAndAwait(get)

    // Told whenever a batch's call ends, for [topUp].
    private val answers = Channel<Unit>(Channel.CONFLATED)

    private suspend fun run() {
        val permits = Semaphore(config.maxInFlightBatchesPerShard)
        val watchdog = CallWatchdog(config.requestTimeout)
        try {
            coroutineScope {
                launch { watchdog.run() }
                while (true) {
                    // The permit comes first: gets that queue while every call is busy join the
                    // next batch instead of waiting behind a batch that was closed early.
                    permits.acquire()
                    val batch = ArrayList<PendingGet>()
                    try {
                        nextBatch(batch)
                        topUp(batch, permits)
                    } catch (e: Throwable) {
                        permits.release()
                        batch.forEach { it.fail(ClientClosedException()) }
                        throw e
                    }
                    // Started in place: the call goes out now, without waking another thread.
                    launch(start = CoroutineStart.UNDISPATCHED) {
                        val sent = metrics?.batchSent(BatchKind.READ, shardId, batch.size) ?: 0
                        var answered = false
                        try {
                            answered = watchdog.watch { read(batch, it) }
                        } finally {
                            metrics?.batchEnded(BatchKind.READ, shardId, sent, answered)
                            permits.release()
                            answers.trySend(Unit)
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

    private suspend fun nextBatch(batch: MutableList<PendingGet>) {
        while (batch.isEmpty()) queue.receive().let { if (it.claimForSending()) batch += it }
    }

    /**
     * First the reader steps back behind the coroutines already waiting to run on its thread, and
     * takes the gets they queue: a get resumes the reader ahead of them, so that callers started
     * together would otherwise each get a Read call of their own. That costs a dispatch on the same
     * thread, no wake-up and no timer.
     *
     * Then, while [BUSY_BATCHES] other calls are running, a partial batch waits until one of them
     * ends and takes the gets queued meanwhile: under load fewer, larger Read calls reach the
     * server, while a lone get on an idle shard still goes at once. Waiting on the calls alone, not
     * on the queue too, keeps the wait free of per-get wake-ups.
     */
    private suspend fun topUp(batch: MutableList<PendingGet>, permits: Semaphore) {
        fun othersInFlight() = config.maxInFlightBatchesPerShard - permits.availablePermits - 1
        yield()
        drainInto(batch)
        if (batch.size >= config.maxBatchOperations) return
        // A signal left from a call that ended before this batch began is already in the permits.
        answers.tryReceive()
        if (othersInFlight() < BUSY_BATCHES) return
        answers.receive()
        drainInto(batch)
    }

    private fun drainInto(batch: MutableList<PendingGet>) {
        while (batch.size < config.maxBatchOperations) {
            val get = queue.tryReceive().getOrNull() ?: return
            if (get.claimForSending()) batch += get
        }
    }

    /** Sends [batch]; whether the server answered all of it. */
    private suspend fun read(batch: List<PendingGet>, call: CallWatchdog.WatchedCall): Boolean {
        var leader: String? = null
        // Counted on the network thread, read here once the call has ended.
        var answered = 0
        try {
            leader = rpc.leaderOf(shardId)
            val builder = ReadRequest.newBuilder().setShard(shardId)
            for (get in batch) builder.addGets(get.request)
            val request = builder.build()
            // No deadline: the watchdog ends a call that outlives the request timeout.
            rpc.transport.read(leader, shardId, request) { response ->
                // Answered as they arrive, each caller in its own dispatcher: no hop to the
                // client's threads first.
                val resumptions = DefaultResumptions()
                for (get in response.getsList) batch
                    .getOrNull(answered++)
                    ?.complete(get, resumptions)
                resumptions.dispatch()
            }
            if (answered != batch.size) {
                batch.forEach {
                    it.fail(ServerException("the server answered $answered of ${batch.size} gets"))
                }
            }
            return answered == batch.size
        } catch (e: CancellationException) {
            // The call may still be delivering answers on the network thread: none are read here.
            if (call.stalled) {
                leader?.let(rpc::suspect)
                val stalled =
                    RetryableException(
                        "the leader $leader of shard $shardId answered no read for ${config.requestTimeout}"
                    )
                batch.forEach { it.fail(stalled) }
                return false
            }
            batch.forEach { it.fail(ClientClosedException()) }
            throw e
        } catch (e: Exception) {
            // Gets answered before the call failed keep their answers: failing them does nothing.
            val cause =
                try {
                    rpc.retryableOrThrow(shardId, e, config.namespace, "read from shard $shardId")
                } catch (failure: Exception) {
                    failure
                }
            batch.forEach { it.fail(cause) }
        }
        return false
    }

    private companion object {
        const val BUSY_BATCHES = 2
    }
}
