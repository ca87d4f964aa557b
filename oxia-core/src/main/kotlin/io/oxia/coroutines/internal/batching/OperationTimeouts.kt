package io.oxia.coroutines.internal.batching

import java.util.concurrent.ConcurrentLinkedQueue
import java.util.concurrent.atomic.AtomicBoolean
import kotlin.time.Duration
import kotlin.time.Duration.Companion.milliseconds
import kotlinx.coroutines.CoroutineName
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.channels.Channel
import kotlinx.coroutines.delay
import kotlinx.coroutines.launch

/**
 * Fails operations that are still unanswered at their deadline with [OperationTimedOut], at most a
 * sweep period late, and withdraws those not sent yet. One coroutine of the client's scope sweeps
 * the watched operations every few milliseconds while there are any, and sleeps otherwise.
 *
 * A `withTimeout` per operation would cost a timer-heap insert and removal, under a lock, plus a
 * scope coroutine; this costs an enqueue and a dequeue. The short period keeps the operations a
 * sweep visits still in the processor's cache: most are answered by then and only dropped.
 */
internal class OperationTimeouts(timeout: Duration, scope: CoroutineScope) {
    private val watched = ConcurrentLinkedQueue<PendingOperation<*>>()
    // Operations that were unanswered at a sweep; touched by the sweeping coroutine only.
    private val unanswered = ArrayList<PendingOperation<*>>()
    private val sleeping = AtomicBoolean(false)
    private val wake = Channel<Unit>(Channel.CONFLATED)
    private val period = (timeout / SWEEPS_PER_TIMEOUT).coerceIn(MIN_PERIOD, MAX_PERIOD)

    init {
        scope.launch(CoroutineName("oxia-operation-timeouts")) { run() }
    }

    /** Fails [operation] if it is unsettled at its [PendingOperation.deadlineNanos]. */
    fun watch(operation: PendingOperation<*>) {
        watched.add(operation)
        if (sleeping.get() && sleeping.compareAndSet(true, false)) wake.trySend(Unit)
    }

    private suspend fun run() {
        while (true) {
            if (watched.isEmpty() && unanswered.isEmpty()) {
                sleeping.set(true)
                // An operation watched between the test and the flag is seen here.
                if (watched.isEmpty()) wake.receive()
                sleeping.set(false)
            }
            delay(period)
            sweep(System.nanoTime())
        }
    }

    private fun sweep(now: Long) {
        unanswered.removeIf { it.isSettled || expire(it, now) }
        while (true) {
            val operation = watched.poll() ?: break
            if (!operation.isSettled && !expire(operation, now)) unanswered.add(operation)
        }
    }

    /** Fails [operation] if its deadline has passed; `true` when it did. */
    private fun expire(operation: PendingOperation<*>, now: Long): Boolean {
        if (now - operation.deadlineNanos < 0) return false
        // Not sent after all if it still waits in a queue, as its caller gives up.
        operation.withdraw()
        operation.fail(OperationTimedOut)
        return true
    }

    private companion object {
        const val SWEEPS_PER_TIMEOUT = 50
        val MIN_PERIOD = 2.milliseconds
        val MAX_PERIOD = 10.milliseconds
    }
}

/**
 * An operation reached its deadline before it was answered. Internal: the retry loop turns it into
 * an `OxiaTimeoutException` that names the operation.
 */
internal object OperationTimedOut : RuntimeException("the operation timed out", null, false, false)
