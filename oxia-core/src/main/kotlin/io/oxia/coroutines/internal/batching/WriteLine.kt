package io.oxia.coroutines.internal.batching

import io.oxia.coroutines.OxiaClientConfig
import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.channels.ReceiveChannel
import kotlinx.coroutines.delay
import kotlinx.coroutines.sync.Semaphore

/**
 * A shard's writes in the order they are sent, and the batches they are sent in: first the writes
 * taken from the queue but not sent (put back after a broken stream, or left out of a full batch),
 * oldest first, then the queue callers add to. Used by the shard's writer coroutine only, apart
 * from [sendAndAwait].
 *
 * The window and answers passed in are those of the stream sending the batch: permits taken by the
 * batches in flight (the one being assembled included), and a signal per answer.
 */
internal class WriteLine(shardId: Long, private val config: OxiaClientConfig) {
    private val queue = batcherQueue<PendingWrite<*>>(shardId, config)
    private val waiting = ArrayDeque<PendingWrite<*>>()

    /** Queues [write] and waits for its answer; see [sendAndAwait]. */
    suspend fun <R> sendAndAwait(write: PendingWrite<R>): R = queue.sendAndAwait(write)

    /** Whether writes were taken from the queue and are still to be sent. */
    val hasTaken: Boolean
        get() = waiting.isNotEmpty()

    /** Waits until there is a write to send. */
    suspend fun awaitWrite() {
        if (waiting.isEmpty()) waiting.addLast(queue.receive())
    }

    /** Takes no more writes, and fails those waiting with [cause]. */
    fun close(cause: Throwable) {
        queue.close()
        failAll(cause)
    }

    /**
     * Waits until [batch], which holds a sequential put, is the only batch in flight, taking the
     * writes queued meanwhile: a refusal of a batch with such a put then names this batch alone.
     */
    suspend fun awaitAlone(
        batch: WriteBatch,
        window: Semaphore,
        answers: ReceiveChannel<Unit>,
    ) {
        while (config.maxInFlightBatchesPerShard - window.availablePermits > 1) {
            answers.receive()
            fill(batch)
        }
    }

    /** Waits until every batch sent is answered: nothing goes behind a sequential put. */
    suspend fun awaitAllAnswered(window: Semaphore, answers: ReceiveChannel<Unit>) {
        while (window.availablePermits < config.maxInFlightBatchesPerShard) answers.receive()
    }

    suspend fun nextBatch(): WriteBatch {
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
    suspend fun topUp(batch: WriteBatch, window: Semaphore, answers: ReceiveChannel<Unit>) {
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
     * Puts [writes] first in line again, in their order, for the next stream; those whose callers
     * were already answered (timed out) are not sent again.
     */
    fun putBack(writes: List<PendingWrite<*>>) {
        writes.asReversed().forEach { if (it.requeue()) waiting.addFirst(it) }
    }

    fun failAll(cause: Throwable) {
        waiting.forEach { it.fail(cause) }
        waiting.clear()
        while (true) queue.tryReceive().getOrNull()?.fail(cause) ?: break
    }

    private companion object {
        const val BUSY_BATCHES = 2
    }
}
