package io.oxia.coroutines.internal.batching

import java.util.concurrent.ConcurrentLinkedQueue
import java.util.concurrent.atomic.AtomicBoolean
import java.util.concurrent.atomic.AtomicReferenceFieldUpdater
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
 * scope coroutine. Here an operation takes the next slot of a [WatchSlots] block and empties it
 * when it settles; a sweep reads the slots in order and only visits the operations still in them.
 */
internal class OperationTimeouts(timeout: Duration, scope: CoroutineScope) {
    @Volatile private var current = WatchSlots()
    // Blocks opened by watching callers, not yet taken over by the sweeper.
    private val opened = ConcurrentLinkedQueue<WatchSlots>().apply { add(current) }
    // Touched by the sweeping coroutine only: the blocks it sweeps, and operations it took over
    // from sealed blocks.
    private val blocks = ArrayList<WatchSlots>()
    private val unanswered = ArrayList<PendingOperation<*>>()
    private val sleeping = AtomicBoolean(false)
    private val wake = Channel<Unit>(Channel.CONFLATED)
    private val period = (timeout / SWEEPS_PER_TIMEOUT).coerceIn(MIN_PERIOD, MAX_PERIOD)

    /** How many operations the last sweep, a few milliseconds ago at most, found unanswered. */
    @Volatile
    var watched: Int = 0
        private set

    init {
        scope.launch(CoroutineName("oxia-operation-timeouts")) { run() }
    }

    /** Fails [operation] if it is unsettled at its [PendingOperation.deadlineNanos]. */
    fun watch(operation: PendingOperation<*>) {
        while (true) {
            val slots = current
            if (slots.place(operation)) break
            if (slots.isFull) {
                val fresh = WatchSlots()
                if (CURRENT_UPDATER.compareAndSet(this, slots, fresh)) opened.add(fresh)
            }
        }
        if (sleeping.get() && sleeping.compareAndSet(true, false)) wake.trySend(Unit)
    }

    private suspend fun run() {
        while (true) {
            delay(period)
            watched = sweep(System.nanoTime())
            if (watched > 0) continue
            sleeping.set(true)
            // An operation placed before the flag was set is seen by this second look; one placed
            // after it wakes the sweeper.
            watched = sweep(System.nanoTime())
            if (watched == 0) wake.receive()
            sleeping.set(false)
        }
    }

    /** Expires what is due and returns how many operations remain watched. */
    private fun sweep(now: Long): Int {
        while (true) blocks.add(opened.poll() ?: break)
        var live = 0
        val each = blocks.iterator()
        while (each.hasNext()) {
            val slots = each.next()
            // Read first: a slot handed out later may be missed by this sweep, but not by seal.
            val full = slots.isFull
            val left = sweep(slots, now)
            if (full && left <= WatchSlots.SIZE / TAKE_OVER_FRACTION) {
                slots.seal(unanswered::add)
                each.remove()
            } else {
                live += left
            }
        }
        unanswered.removeIf { it.isSettled || expire(it, now) }
        return live + unanswered.size
    }

    /** Expires what is due in [slots] and returns how many of its operations remain watched. */
    private fun sweep(slots: WatchSlots, now: Long): Int {
        var live = 0
        for (slot in 0 until slots.filled) {
            val operation = slots.get(slot) as? PendingOperation<*> ?: continue
            // An operation that settled meanwhile empties its slot itself; failing it is a no-op.
            if (now - slots.deadline(slot) < 0) {
                live++
                continue
            }
            timeOut(operation)
            slots.clear(slot)
        }
        return live
    }

    /** Fails [operation] if its deadline has passed; `true` when it did. */
    private fun expire(operation: PendingOperation<*>, now: Long): Boolean {
        if (now - operation.deadlineNanos < 0) return false
        timeOut(operation)
        return true
    }

    /** Fails [operation], which is due; failing withdraws it if it was not sent. */
    private fun timeOut(operation: PendingOperation<*>) {
        operation.fail(OperationTimedOut)
    }

    private companion object {
        val CURRENT_UPDATER: AtomicReferenceFieldUpdater<OperationTimeouts, WatchSlots> =
            AtomicReferenceFieldUpdater.newUpdater(
                OperationTimeouts::class.java,
                WatchSlots::class.java,
                "current",
            )
        const val SWEEPS_PER_TIMEOUT = 50
        // A full block with at most this share of its slots still taken is sealed, and the
        // operations left in it are watched one by one instead.
        const val TAKE_OVER_FRACTION = 16
        val MIN_PERIOD = 2.milliseconds
        val MAX_PERIOD = 10.milliseconds
    }
}

/**
 * An operation reached its deadline before it was answered. Internal: the retry loop turns it into
 * an `OxiaTimeoutException` that names the operation.
 */
internal object OperationTimedOut : RuntimeException("the operation timed out", null, false, false)
