package io.oxia.coroutines.internal.batching

import io.oxia.coroutines.ClientClosedException
import io.oxia.coroutines.OxiaClientConfig
import io.oxia.coroutines.ServerException
import io.oxia.coroutines.internal.observability.BatchKind
import io.oxia.coroutines.internal.observability.ClientHealth
import io.oxia.coroutines.internal.observability.ClientLogs
import io.oxia.coroutines.internal.observability.Incident
import io.oxia.coroutines.internal.retry.Backoff
import io.oxia.coroutines.internal.routing.ShardRpc
import io.oxia.coroutines.internal.transport.RetryableException
import io.oxia.coroutines.internal.transport.RpcFailure
import java.util.concurrent.atomic.AtomicInteger
import kotlin.time.Duration.Companion.seconds
import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.CoroutineName
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.NonCancellable
import kotlinx.coroutines.channels.Channel
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.delay
import kotlinx.coroutines.launch
import kotlinx.coroutines.sync.Semaphore
import kotlinx.coroutines.withContext

/**
 * Sends one shard's writes in batches over a WriteStream to the shard's leader, at most
 * [OxiaClientConfig.maxInFlightBatchesPerShard] batches unanswered, and matches the answers in
 * order. A child coroutine of the client's scope; the stream is opened when there is work and
 * reopened after a failure.
 *
 * A new stream carries a single batch until the server first answers. When a stream fails before
 * that answer, and the server provably did not take its batch (no connection at all, or a refusal
 * by a check made before applying anything: see [RpcFailure.refusedBeforeApplying]), the batch is
 * sent again on the next stream, ahead of newer writes. A batch with a sequential put, the one kind
 * the server may refuse whole when applying it, is sent when no other batch is unanswered, and
 * nothing follows it until it is answered: a refusal then names it (see [RefusedBatch]). Other
 * unanswered batches fail (see [UnansweredFate]), with [io.oxia.coroutines.OutcomeUnknownException]
 * when they may have been applied. Closing the client fails the writes in flight with
 * [ClientClosedException].
 */
internal class ShardWriter(
    private val shardId: Long,
    private val config: OxiaClientConfig,
    private val rpc: ShardRpc,
    private val scope: CoroutineScope,
    private val backoff: Backoff = Backoff(),
    health: ClientHealth? = null,
) {
    private val line = WriteLine(shardId, config)
    private val metrics = health?.metrics
    private val incident =
        Incident(ClientLogs.writes, "the write stream of shard $shardId", shardId, health)
    @Volatile private var window: Semaphore? = null

    /** Write batches sent on the current stream and not yet answered. */
    val batchesInFlight: Int
        get() = window?.let { config.maxInFlightBatchesPerShard - it.availablePermits } ?: 0

    init {
        scope.launch(CoroutineName("oxia-writer-shard-$shardId")) { run() }
    }

    /**
     * Sends [write] and waits for the server's answer; a caller cancelled before the send withdraws
     * it.
     */
    suspend fun <R> execute(write: PendingWrite<R>): R = line.sendAndAwait(write)

    private suspend fun run() {
        var attempt = 0
        var hint: String? = null
        try {
            while (true) {
                line.awaitWrite()
                val leader =
                    try {
                        hint ?: rpc.leaderOf(shardId)
                    } catch (e: RetryableException) {
                        line.failAll(e)
                        continue
                    }
                hint = null
                val end = stream(leader)
                if (!end.refusal) end.failure?.let { incident.failed(leader, it) }
                // An idle stream that the server closed is no reason to slow down the next write.
                if (end.answered > 0 || end.refusal || !line.hasTaken) attempt = 0
                hint = end.failure?.leaderHint?.takeIf { it != leader }
                hint?.let { rpc.noteLeaderHint(shardId, it) }
                // A refused batch is the server's answer, no sign of trouble: go on at once.
                if (hint == null && !end.refusal && line.hasTaken)
                    delay(minOf(backoff.delayFor(attempt++), MAX_STREAM_BACKOFF))
            }
        } finally {
            incident.ended()
            withContext(NonCancellable) { line.close(ClientClosedException()) }
        }
    }

    private class StreamEnd(val answered: Int, val failure: RpcFailure?, val refusal: Boolean)

    private suspend fun stream(leader: String): StreamEnd {
        val inFlight = Channel<WriteBatch>(config.maxInFlightBatchesPerShard)
        // Taken before a batch is assembled and given back when it is answered, so that writes
        // queued while the window is full join the next batch instead of waiting behind a batch
        // that was closed early. With the window's permits, sending to inFlight never suspends.
        val window = Semaphore(config.maxInFlightBatchesPerShard).also { this.window = it }
        val answers = Channel<Unit>(Channel.CONFLATED)
        var assembling: WriteBatch? = null
        val answered = AtomicInteger()
        val firstAnswer = CompletableDeferred<Unit>()
        val stall = StallClock(config.requestTimeout)
        val call = rpc.transport.writeStream(leader, shardId)
        var failure: Throwable
        try {
            rpc.whileLeader(shardId, leader) {
                // Answers are matched on gRPC's executor, without a hop to a coroutine per answer.
                call.start { response ->
                    val batch =
                        inFlight.tryReceive().getOrNull()
                            ?: throw ServerException(
                                "the server answered a write that was not sent"
                            )
                    if (answered.incrementAndGet() == 1) firstAnswer.complete(Unit)
                    stall.answered()
                    window.release()
                    answers.trySend(Unit)
                    metrics?.batchEnded(BatchKind.WRITE, shardId, batch.sentNanos, true)
                    // Here, without a hop to the client's threads: each caller is dispatched to
                    // its own dispatcher, so that none runs on gRPC's thread.
                    batch.complete(response)
                }
                coroutineScope {
                    val watchdog = launch { failWhenStalled(stall, leader) }
                    val sender = launch {
                        while (true) {
                            window.acquire()
                            val batch = line.nextBatch()
                            assembling = batch
                            line.topUp(batch, window, answers)
                            if (batch.holdsSequentialPut) line.awaitAlone(batch, window, answers)
                            // Writes whose callers were answered meanwhile are never sent.
                            if (batch.dropSettled().isEmpty()) {
                                assembling = null
                                window.release()
                                continue
                            }
                            // Counted before the hand-off: an answer may come at once.
                            if (metrics != null)
                                batch.sentNanos =
                                    metrics.batchSent(BatchKind.WRITE, shardId, batch.size)
                            inFlight.send(batch)
                            assembling = null
                            stall.sent()
                            call.send(batch.toRequest(shardId))
                            // One batch alone until the server answers: a stream it refuses
                            // then holds that batch only, which the refusal is about.
                            firstAnswer.await()
                            incident.restored(leader)
                            if (batch.holdsSequentialPut) line.awaitAllAnswered(window, answers)
                        }
                    }
                    call.awaitEnd()
                    watchdog.cancel()
                    sender.cancel()
                }
            }
            failure = RetryableException("the server closed the write stream of shard $shardId")
        } catch (e: CancellationException) {
            // The client is closing: the writes in flight fail now, as nothing will answer them.
            withContext(NonCancellable) { call.cancel("the write stream of shard $shardId ended") }
            val closed = ClientClosedException()
            inFlight.drain().forEach {
                unanswered(it)
                it.fail(closed)
            }
            assembling?.fail(closed)
            throw e
        } catch (e: Exception) {
            failure = e
        }
        // The sender has stopped: cancelling cannot race a send.
        withContext(NonCancellable) { call.cancel("the write stream of shard $shardId ended") }
        val rpcFailure = RpcFailure.of(failure)
        val unanswered = inFlight.drain().onEach(::unanswered)
        // The batch being assembled is newer than those in flight: back in line first, behind them.
        assembling?.let { line.putBack(it.writes()) }
        val refusal =
            rpcFailure?.refusedSequentialPut == true &&
                line.settleRefused(unanswered, rpcFailure, config.namespace)
        if (!refusal) {
            when (
                val fate = UnansweredFate.of(failure, answered.get(), shardId, config.namespace)
            ) {
                UnansweredFate.Resend ->
                    unanswered.asReversed().forEach { line.putBack(it.writes()) }
                is UnansweredFate.Fail -> unanswered.forEach { it.fail(fate.cause) }
            }
        }
        return StreamEnd(answered.get(), rpcFailure, refusal)
    }

    private fun unanswered(batch: WriteBatch) {
        metrics?.batchEnded(BatchKind.WRITE, shardId, batch.sentNanos, false)
    }

    /**
     * Ends the stream when [leader] has answered nothing for the request timeout while writes wait:
     * every caller has given up by then, and a leader that stopped answering would otherwise hold
     * the stream until the connection's keepalive gives up.
     */
    private suspend fun failWhenStalled(stall: StallClock, leader: String) {
        val period = minOf(config.requestTimeout / 2, STALL_CHECK_PERIOD)
        while (true) {
            delay(period)
            if (stall.stalled()) {
                rpc.suspect(leader)
                throw RetryableException(
                    "the leader $leader of shard $shardId answered nothing for ${config.requestTimeout}"
                )
            }
        }
    }

    private companion object {
        val STALL_CHECK_PERIOD = 1.seconds
        // Writes wait for the next stream: a longer pause would outlast their request timeout.
        val MAX_STREAM_BACKOFF = 2.seconds
    }
}
