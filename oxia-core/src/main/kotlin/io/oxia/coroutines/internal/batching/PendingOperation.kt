package io.oxia.coroutines.internal.batching

import io.oxia.coroutines.ClientClosedException
import io.oxia.coroutines.OxiaClientConfig
import io.oxia.coroutines.internal.transport.RetryableException
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater
import java.util.concurrent.atomic.AtomicReference
import kotlin.coroutines.ContinuationInterceptor
import kotlin.time.Duration.Companion.nanoseconds
import kotlinx.coroutines.CancellableContinuation
import kotlinx.coroutines.CoroutineDispatcher
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.channels.Channel
import kotlinx.coroutines.channels.ClosedSendChannelException
import kotlinx.coroutines.channels.SendChannel
import kotlinx.coroutines.suspendCancellableCoroutine
import kotlinx.coroutines.withTimeoutOrNull

/**
 * One caller's operation waiting in a shard's batcher. A caller that gives up (cancelled, timed
 * out) before the operation was sent withdraws it, and the batcher skips it; once sent it can no
 * longer be withdrawn.
 *
 * The answer is handed over without a `Deferred`: this runs once per operation, and a job's
 * completion machinery costs more than the rest of the handoff. The first of [complete] and [fail]
 * settles the operation; later calls do nothing. Either resumes the waiting caller on its own
 * dispatcher, never in the thread that settles it (gRPC's, the client's): see [deliver].
 *
 * The operation is itself the reference to its outcome, and its state a field updated in place:
 * each pointer less is a cache miss less when the batcher, the network thread, the caller and
 * [OperationTimeouts] touch it in turn. It also empties its slot in [OperationTimeouts] when it
 * settles, so that sweeps skip it without reading it.
 */
internal abstract class PendingOperation<R> : AtomicReference<Any?>(), (Throwable?) -> Unit {
    // The outcome, held by the AtomicReference this is: null while unsettled and nobody waits;
    // the waiting caller's continuation; then the answer, or a Failure.
    private val outcome: AtomicReference<Any?>
        get() = this

    @Volatile private var state: Int = QUEUED

    /** When the operation times out, in [System.nanoTime] terms; see [OperationTimeouts]. */
    var deadlineNanos: Long = Long.MAX_VALUE

    // Where OperationTimeouts watches the operation; the slot is emptied once it settles.
    private var watchSlots: WatchSlots? = null
    private var watchSlot = 0

    /**
     * The request's size on the wire, for the batch size limit (protobuf keeps it for the send).
     */
    abstract val sizeBytes: Int

    /** Whether the operation has its answer or failure. */
    val isSettled: Boolean
        get() = outcome.get().let { it != null && it !is CancellableContinuation<*> }

    /** Notes that [slots] watches this operation in [slot], to be emptied when it settles. */
    fun watchedIn(slots: WatchSlots, slot: Int) {
        watchSlots = slots
        watchSlot = slot
    }

    /** Marks the operation as sent; `false` when the caller withdrew it first. */
    fun claimForSending(): Boolean = STATE.compareAndSet(this, QUEUED, SENT)

    /** Withdraws the operation; `false` when it was already sent. */
    fun withdraw(): Boolean = STATE.compareAndSet(this, QUEUED, WITHDRAWN)

    /**
     * Puts a sent operation back in the queued state, for resending after the server provably did
     * not take it; `false` when its caller was already answered (it timed out meanwhile), and it
     * must not be sent again.
     */
    fun requeue(): Boolean {
        if (!STATE.compareAndSet(this, SENT, QUEUED)) return false
        // A failure settling it from now on withdraws it (see settle), so claimForSending fails.
        if (!isSettled) return true
        withdraw()
        return false
    }

    /**
     * Completes the operation with the server's [answer]. A caller waiting on `Dispatchers.Default`
     * is noted in [resumptions], to be resumed with the other callers of the same answer when it is
     * dispatched.
     */
    fun complete(answer: R, resumptions: DefaultResumptions? = null) {
        settle(answer, resumptions)
    }

    fun fail(cause: Throwable) {
        settle(Failure(cause))
    }

    /** Waits for the answer; cancelling the caller withdraws the operation if it was not sent. */
    @Suppress("UNCHECKED_CAST")
    suspend fun await(): R {
        val settled = outcome.get()
        if (settled != null) return unwrap(settled)
        return suspendCancellableCoroutine { continuation ->
            if (!outcome.compareAndSet(null, continuation)) {
                // Still in the caller's own code, before it suspended: no dispatch.
                continuation.resumeWith(result(outcome.get()))
                return@suspendCancellableCoroutine
            }
            // The operation is its own cancellation handler: one object less per call.
            continuation.invokeOnCancellation(this)
        }
    }

    /** The waiting caller was cancelled: withdraws the operation and settles it. */
    override fun invoke(cause: Throwable?) {
        settle(Failure(cause ?: ClientClosedException()))
    }

    private fun settle(answer: Any?, resumptions: DefaultResumptions? = null) {
        while (true) {
            val current = outcome.get()
            if (current != null && current !is CancellableContinuation<*>) return
            if (outcome.compareAndSet(current, answer)) {
                // A failed operation is not sent any more if it still waits in a queue, or if a
                // broken stream requeued it meanwhile.
                if (answer is Failure) withdraw()
                watchSlots?.clear(watchSlot)
                @Suppress("UNCHECKED_CAST")
                (current as CancellableContinuation<R>?)?.let { deliver(it, answer, resumptions) }
                return
            }
        }
    }

    /**
     * Resumes the caller with [answer] on the caller's own dispatcher, a caller on
     * `Dispatchers.Default` through [resumptions] when given. A caller whose dispatcher would run
     * it right here (`Dispatchers.Unconfined`, or none) goes on in `Dispatchers.Default` instead:
     * its code must not run on, and perhaps block, a thread the client needs.
     */
    private fun deliver(
        continuation: CancellableContinuation<R>,
        answer: Any?,
        resumptions: DefaultResumptions?,
    ) {
        val context = continuation.context
        val dispatcher = context[ContinuationInterceptor] as? CoroutineDispatcher
        if (resumptions != null && dispatcher === Dispatchers.Default) {
            resumptions.add(continuation, result(answer))
        } else if (dispatcher != null && dispatcher.isDispatchNeeded(context)) {
            continuation.resumeWith(result(answer))
        } else {
            Dispatchers.Default.dispatch(context) { continuation.resumeWith(result(answer)) }
        }
    }

    @Suppress("UNCHECKED_CAST")
    private fun result(answer: Any?): Result<R> =
        if (answer is Failure) Result.failure(answer.cause) else Result.success(answer as R)

    @Suppress("UNCHECKED_CAST")
    private fun unwrap(answer: Any): R = if (answer is Failure) throw answer.cause else answer as R

    private class Failure(val cause: Throwable)

    private companion object {
        val STATE: AtomicIntegerFieldUpdater<PendingOperation<*>> =
            AtomicIntegerFieldUpdater.newUpdater(PendingOperation::class.java, "state")
        const val QUEUED = 0
        const val SENT = 1
        const val WITHDRAWN = 2
    }
}

/**
 * A shard batcher's queue, with room for [OxiaClientConfig.maxInFlightBatchesPerShard] full
 * batches. A receive cancelled (a stream ending, the client closing) may already have taken an
 * operation, unsent, out of the queue: its caller gets a retryable failure, and retries it or
 * learns of the close.
 */
internal fun <O : PendingOperation<*>> batcherQueue(shardId: Long, config: OxiaClientConfig) =
    Channel<O>(
        config.maxBatchOperations * config.maxInFlightBatchesPerShard,
        onUndeliveredElement = {
            it.fail(RetryableException("the batcher of shard $shardId stopped before sending"))
        },
    )

/**
 * Queues [operation] for its shard's batcher and waits for the server's answer. A caller cancelled
 * before the operation was sent withdraws it; a closed batcher means a closed client. The queue has
 * room in the common case, and then this is no coroutine frame of its own; a full one makes the
 * caller wait for room, until the operation's deadline at most.
 */
internal suspend fun <R, O : PendingOperation<R>> SendChannel<O>.sendAndAwait(operation: O): R {
    val offered = trySend(operation)
    if (offered.isClosed) throw ClientClosedException()
    return if (offered.isSuccess) operation.await() else sendWhenRoomAndAwait(operation)
}

private suspend fun <R, O : PendingOperation<R>> SendChannel<O>.sendWhenRoomAndAwait(
    operation: O
): R {
    try {
        // A batcher that cannot send (its shard has no leader) stops taking from its queue: the
        // wait for room ends at the operation's deadline like the wait for its answer.
        withTimeoutOrNull((operation.deadlineNanos - System.nanoTime()).nanoseconds) {
            send(operation)
        }
            ?: run {
                // A send cancelled by the timeout may have queued it all the same.
                operation.withdraw()
                throw OperationTimedOut
            }
    } catch (e: ClosedSendChannelException) {
        throw ClientClosedException()
    }
    return operation.await()
}
