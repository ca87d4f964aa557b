package io.oxia.coroutines.internal.batching

import io.grpc.CallOptions
import io.grpc.kotlin.ClientCalls
import io.oxia.coroutines.ClientClosedException
import io.oxia.coroutines.OutcomeUnknownException
import io.oxia.coroutines.OxiaClientConfig
import io.oxia.coroutines.ServerException
import io.oxia.coroutines.internal.RetryableException
import io.oxia.coroutines.internal.retry.Backoff
import io.oxia.coroutines.internal.transport.OxiaErrorKind
import io.oxia.coroutines.internal.transport.RpcFailure
import io.oxia.coroutines.internal.transport.ShardRpc
import io.oxia.coroutines.internal.transport.toOxiaException
import io.oxia.coroutines.proto.WriteRequest
import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.CoroutineName
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.NonCancellable
import kotlinx.coroutines.cancelAndJoin
import kotlinx.coroutines.channels.Channel
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.delay
import kotlinx.coroutines.flow.consumeAsFlow
import kotlinx.coroutines.launch
import kotlinx.coroutines.withContext

/**
 * Sends one shard's writes in batches over a WriteStream to the shard's leader, at most
 * [OxiaClientConfig.maxInFlightBatchesPerShard] batches unanswered, and matches the answers in
 * order. A child coroutine of the client's scope; the stream is opened when there is work and
 * reopened after a failure.
 *
 * When a stream fails, batches the server provably did not take (it refused the stream before
 * answering anything: not leader, not ready, or no connection at all) are sent again on the next
 * stream, ahead of newer writes. Other unanswered batches fail with [OutcomeUnknownException]: they
 * may have been applied.
 */
internal class ShardWriter(
    private val shardId: Long,
    private val config: OxiaClientConfig,
    private val rpc: ShardRpc,
    scope: CoroutineScope,
    private val backoff: Backoff = Backoff(),
) {
    private val queue =
        Channel<PendingWrite<*>>(config.maxBatchOperations * config.maxInFlightBatchesPerShard)
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
                if (hint == null && waiting.isNotEmpty()) delay(backoff.delayFor(attempt++))
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

    private suspend fun stream(leader: String): StreamEnd = coroutineScope {
        val inFlight = Channel<WriteBatch>(config.maxInFlightBatchesPerShard)
        val requests = Channel<WriteRequest>(Channel.UNLIMITED)
        var assembling: WriteBatch? = null
        var answered = 0
        val sender = launch {
            while (true) {
                val batch = nextBatch()
                assembling = batch
                inFlight.send(batch)
                assembling = null
                requests.send(batch.toRequest(shardId))
            }
        }
        var failure: Throwable
        try {
            ClientCalls.bidiStreamingRpc(
                    rpc.channel(leader),
                    rpc.methods.writeStream,
                    requests.consumeAsFlow(),
                    CallOptions.DEFAULT,
                    rpc.headers(shardId),
                )
                .collect { response ->
                    val batch =
                        inFlight.tryReceive().getOrNull()
                            ?: throw ServerException(
                                "the server answered a write that was not sent"
                            )
                    answered++
                    batch.complete(response)
                }
            failure = RetryableException("the server closed the write stream of shard $shardId")
        } catch (e: CancellationException) {
            throw e
        } catch (e: Exception) {
            failure = e
        } finally {
            withContext(NonCancellable) {
                sender.cancelAndJoin()
                requests.close()
            }
        }
        val rpcFailure = RpcFailure.of(failure)
        val unanswered = buildList {
            while (true) add(inFlight.tryReceive().getOrNull() ?: break)
        }
        settleUnanswered(
            unanswered,
            answered == 0 && rpcFailure != null && notTaken(rpcFailure),
            rpcFailure,
            failure,
        )
        assembling?.let { batch ->
            batch.writes().asReversed().forEach {
                it.requeue()
                waiting.addFirst(it)
            }
        }
        StreamEnd(answered, rpcFailure)
    }

    private fun settleUnanswered(
        batches: List<WriteBatch>,
        resend: Boolean,
        rpcFailure: RpcFailure?,
        e: Throwable,
    ) {
        if (resend) {
            batches.asReversed().forEach { batch ->
                batch.writes().asReversed().forEach {
                    it.requeue()
                    waiting.addFirst(it)
                }
            }
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

    /** The server refused the stream without taking any write: safe to send the writes again. */
    private fun notTaken(failure: RpcFailure): Boolean =
        failure.kind in RESENDABLE ||
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
                if (!batch.accepts(write)) {
                    waiting.addFirst(write)
                    break
                }
                if (write.claimForSending()) batch.add(write)
            }
        }
        return batch
    }

    private fun failWaiting(cause: Throwable) {
        waiting.forEach { it.fail(cause) }
        waiting.clear()
        while (true) queue.tryReceive().getOrNull()?.fail(cause) ?: break
    }

    private companion object {
        val RESENDABLE =
            setOf(OxiaErrorKind.NOT_LEADER, OxiaErrorKind.NOT_READY, OxiaErrorKind.SHARD_NOT_FOUND)
        val REJECTED =
            setOf(
                OxiaErrorKind.NAMESPACE_NOT_FOUND,
                OxiaErrorKind.UNAUTHENTICATED,
                OxiaErrorKind.INVALID_ARGUMENT,
                OxiaErrorKind.UNIMPLEMENTED,
            )
    }
}
