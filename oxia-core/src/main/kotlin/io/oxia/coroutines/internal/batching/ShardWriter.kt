package io.oxia.coroutines.internal.batching

import io.grpc.CallOptions
import io.oxia.coroutines.ClientClosedException
import io.oxia.coroutines.OutcomeUnknownException
import io.oxia.coroutines.OxiaClientConfig
import io.oxia.coroutines.ServerException
import io.oxia.coroutines.internal.RetryableException
import io.oxia.coroutines.internal.retry.Backoff
import io.oxia.coroutines.internal.transport.BidiStreamingCall
import io.oxia.coroutines.internal.transport.OxiaErrorKind
import io.oxia.coroutines.internal.transport.RpcFailure
import io.oxia.coroutines.internal.transport.ShardRpc
import io.oxia.coroutines.internal.transport.toOxiaException
import java.util.concurrent.atomic.AtomicInteger
import kotlin.time.Duration.Companion.seconds
import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.CoroutineName
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.CoroutineStart
import kotlinx.coroutines.DelicateCoroutinesApi
import kotlinx.coroutines.NonCancellable
import kotlinx.coroutines.channels.Channel
import kotlinx.coroutines.channels.ReceiveChannel
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
 * sent again on the next stream, ahead of newer writes. Other unanswered batches fail with
 * [OutcomeUnknownException]: they may have been applied. Closing the client fails the writes in
 * flight with [ClientClosedException].
 */
internal class ShardWriter(
    private val shardId: Long,
    private val config: OxiaClientConfig,
    private val rpc: ShardRpc,
    private val scope: CoroutineScope,
    private val backoff: Backoff = Backoff(),
) {
    private val queue = batcherQueue<PendingWrite<*>>(shardId, config)
    // Writes taken from the queue but not yet sent, oldest first. Touched by one coroutine at a
    // time.
    private val waiting = ArrayDeque<PendingWrite<*>>()

    init {
        scope.launch(CoroutineName("oxia-writer-shard-$shardId")) { run() }
    }

    /**
     * Sends [write] and waits for the server's answer; a caller cancelled before the send withdraws
     * it.
     */
    suspend fun <R> execute(write: PendingWrite<R>): R = queue.sendAndAwait(write)

    private suspend fun run() {
        var attempt = 0
        var hint: String? = null
        try {
            while (true) {
                if (waiting.isEmpty()) waiting.addLast(queue.receive())
                val leader =
                    try {
                        hint ?: rpc.leaderOf(shardId)
                    } catch (e: RetryableException) {
                        failWaiting(e)
                        continue
                    }
                hint = null
                val end = stream(leader)
                // An idle stream that the server closed is no reason to slow down the next write.
                if (end.answered > 0 || waiting.isEmpty()) attempt = 0
                hint = end.failure?.leaderHint?.takeIf { it != leader }
                hint?.let { rpc.noteLeaderHint(shardId, it) }
                if (hint == null && waiting.isNotEmpty())
                    delay(minOf(backoff.delayFor(attempt++), MAX_STREAM_BACKOFF))
            }
        } finally {
            withContext(NonCancellable) {
                queue.close()
                val closed = ClientClosedException()
                waiting.forEach { it.fail(closed) }
                waiting.clear()
                while (true) queue.tryReceive().getOrNull()?.fail(closed) ?: break
            }
        }
    }

    private class StreamEnd(val answered: Int, val failure: RpcFailure?)

    @OptIn(DelicateCoroutinesApi::class)
    private suspend fun stream(leader: String): StreamEnd {
        val inFlight = Channel<WriteBatch>(config.maxInFlightBatchesPerShard)
        // Taken before a batch is assembled and given back when it is answered, so that writes
        // queued while the window is full join the next batch instead of waiting behind a batch
        // that was closed early. With the window's permits, sending to inFlight never suspends.
        val window = Semaphore(config.maxInFlightBatchesPerShard)
        val answers = Channel<Unit>(Channel.CONFLATED)
        var assembling: WriteBatch? = null
        val answered = AtomicInteger()
        val firstAnswer = CompletableDeferred<Unit>()
        val stall = StallClock(config.requestTimeout)
        val call =
            BidiStreamingCall(rpc.channel(leader), rpc.methods.writeStream, CallOptions.DEFAULT)
        var failure: Throwable
        try {
            rpc.whileLeader(shardId, leader) {
                // Answers are matched on gRPC's executor, without a hop to a coroutine per answer.
                call.start(rpc.headers(shardId)) { response ->
                    val batch =
                        inFlight.tryReceive().getOrNull()
                            ?: throw ServerException(
                                "the server answered a write that was not sent"
                            )
                    if (answered.incrementAndGet() == 1) firstAnswer.complete(Unit)
                    stall.answered()
                    window.release()
                    answers.trySend(Unit)
                    // One dispatch per batch, after which its callers go on without one each.
                    // Atomic: the writes are answered even when the client is closing.
                    scope.launch(start = CoroutineStart.ATOMIC) { batch.complete(response) }
                }
                coroutineScope {
                    val watchdog = launch { failWhenStalled(stall, leader) }
                    val sender = launch {
                        while (true) {
                            window.acquire()
                            val batch = nextBatch()
                            assembling = batch
                            topUp(batch, window, answers)
                            inFlight.send(batch)
                            assembling = null
                            stall.sent()
                            call.send(batch.toRequest(shardId))
                            // One batch alone until the server answers: a stream it refuses
                            // then holds that batch only, which the refusal is about.
                            firstAnswer.await()
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
            inFlight.drain().forEach { it.fail(closed) }
            assembling?.fail(closed)
            throw e
        } catch (e: Exception) {
            failure = e
        }
        // The sender has stopped: cancelling cannot race a send.
        withContext(NonCancellable) { call.cancel("the write stream of shard $shardId ended") }
        val rpcFailure = RpcFailure.of(failure)
        val unanswered = inFlight.drain()
        // The batch being assembled is newer than those in flight: back in line first, behind them.
        assembling?.let(::putBack)
        settleUnanswered(
            unanswered,
            answered.get() == 0 && rpcFailure != null && notTaken(rpcFailure),
            rpcFailure,
            failure,
        )
        return StreamEnd(answered.get(), rpcFailure)
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

    private fun settleUnanswered(
        batches: List<WriteBatch>,
        resend: Boolean,
        rpcFailure: RpcFailure?,
        e: Throwable,
    ) {
        if (resend) {
            batches.asReversed().forEach(::putBack)
            return
        }
        val cause =
            if (rpcFailure != null && rejected(rpcFailure))
                rpcFailure.toOxiaException(config.namespace)
            else
                OutcomeUnknownException(
                    "the write stream of shard $shardId broke before the write was answered",
                    e,
                )
        batches.forEach { it.fail(cause) }
    }

    /**
     * The server did not take the stream's single batch: safe to send it again. Only called for a
     * stream that was never answered, which holds one batch at most.
     */
    private fun notTaken(failure: RpcFailure): Boolean =
        failure.refusedBeforeApplying ||
            (failure.kind == OxiaErrorKind.CONNECTION && failure.neverConnected)

    /** The server rejected the stream outright, for a reason that resending would not change. */
    private fun rejected(failure: RpcFailure): Boolean = failure.kind in REJECTED

    private suspend fun nextBatch(): WriteBatch {
        val batch = WriteBatch(config.maxBatchOperations, config.maxBatchBytes)
        while (batch.isEmpty()) {
            val first = waiting.removeFirstOrNull() ?: queue.receive()
            // Claimed only after the linger, so that a caller who gives up meanwhile still
            // withdraws its write.
            if (config.batchLinger.isPositive()) {
                try {
                    delay(config.batchLinger)
                } catch (e: CancellationException) {
                    waiting.addFirst(first)
                    throw e
                }
            }
            if (first.claimForSending()) batch.add(first)
            while (true) {
                val write = waiting.removeFirstOrNull() ?: queue.tryReceive().getOrNull() ?: break
                if (!join(batch, write)) break
            }
        }
        return batch
    }

    /**
     * While [BUSY_BATCHES] other batches are unanswered, a partial batch waits until one of them is
     * answered and takes the writes queued meanwhile: under load fewer, larger batches reach the
     * server, while a lone write on an idle stream still goes at once. Full batches may use the
     * whole window. Waiting on the answers alone, not on the queue too, keeps the wait free of
     * per-write wake-ups.
     */
    private suspend fun topUp(batch: WriteBatch, window: Semaphore, answers: ReceiveChannel<Unit>) {
        fun othersInFlight() = config.maxInFlightBatchesPerShard - window.availablePermits - 1
        if (!fill(batch)) return
        // A signal left from an answer that came before this batch began is already in the window.
        answers.tryReceive()
        if (othersInFlight() < BUSY_BATCHES) return
        answers.receive()
        fill(batch)
    }

    /** Adds queued writes to [batch]; `true` when it could take more. */
    private fun fill(batch: WriteBatch): Boolean {
        while (waiting.isEmpty() && batch.size < config.maxBatchOperations) {
            val write = queue.tryReceive().getOrNull() ?: return true
            if (!join(batch, write)) return false
        }
        return false
    }

    /** Adds [write] to [batch], or puts it back first in line when the batch cannot take it. */
    private fun join(batch: WriteBatch, write: PendingWrite<*>): Boolean {
        if (!batch.accepts(write)) {
            waiting.addFirst(write)
            return false
        }
        if (write.claimForSending()) batch.add(write)
        return true
    }

    /**
     * Puts the writes of [batch] first in line again, in their order, for the next stream; those
     * whose callers were already answered (timed out) are not sent again.
     */
    private fun putBack(batch: WriteBatch) {
        batch.writes().asReversed().forEach { if (it.requeue()) waiting.addFirst(it) }
    }

    /** The batches still in this channel, oldest first. */
    private fun Channel<WriteBatch>.drain(): List<WriteBatch> = buildList {
        while (true) add(tryReceive().getOrNull() ?: break)
    }

    private fun failWaiting(cause: Throwable) {
        waiting.forEach { it.fail(cause) }
        waiting.clear()
        while (true) queue.tryReceive().getOrNull()?.fail(cause) ?: break
    }

    private companion object {
        val STALL_CHECK_PERIOD = 1.seconds
        // Writes wait for the next stream: a longer pause would outlast their request timeout.
        val MAX_STREAM_BACKOFF = 2.seconds
        const val BUSY_BATCHES = 2
        val REJECTED =
            setOf(
                OxiaErrorKind.NAMESPACE_NOT_FOUND,
                OxiaErrorKind.UNAUTHENTICATED,
                OxiaErrorKind.INVALID_ARGUMENT,
                OxiaErrorKind.UNIMPLEMENTED,
            )
    }
}
