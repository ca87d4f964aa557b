package io.oxia.coroutines.internal.batching

import io.oxia.coroutines.ClientClosedException
import java.util.concurrent.atomic.AtomicInteger
import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.channels.ClosedSendChannelException
import kotlinx.coroutines.channels.SendChannel

/**
 * One caller's operation waiting in a shard's batcher. A caller that gives up (cancelled, timed
 * out) before the operation was sent withdraws it, and the batcher skips it; once sent it can no
 * longer be withdrawn.
 */
internal abstract class PendingOperation<R> {
    val response: CompletableDeferred<R> = CompletableDeferred()
    private val state = AtomicInteger(QUEUED)

    /** Key and value bytes, for the batch size limit. */
    abstract val sizeBytes: Int

    /** Marks the operation as sent; `false` when the caller withdrew it first. */
    fun claimForSending(): Boolean = state.compareAndSet(QUEUED, SENT)

    /** Withdraws the operation; `false` when it was already sent. */
    fun withdraw(): Boolean = state.compareAndSet(QUEUED, WITHDRAWN)

    /**
     * Puts a sent operation back in the queued state, for resending after the server provably did
     * not take it.
     */
    fun requeue() {
        state.compareAndSet(SENT, QUEUED)
    }

    fun fail(cause: Throwable) {
        response.completeExceptionally(cause)
    }

    private companion object {
        const val QUEUED = 0
        const val SENT = 1
        const val WITHDRAWN = 2
    }
}

/**
 * Queues [operation] for its shard's batcher and waits for the server's answer. A caller cancelled
 * before the operation was sent withdraws it; a closed batcher means a closed client.
 */
internal suspend fun <R, O : PendingOperation<R>> SendChannel<O>.sendAndAwait(operation: O): R {
    try {
        send(operation)
    } catch (e: ClosedSendChannelException) {
        throw ClientClosedException()
    }
    try {
        return operation.response.await()
    } catch (e: CancellationException) {
        operation.withdraw()
        throw e
    }
}
