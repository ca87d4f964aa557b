package io.oxia.coroutines.internal.batching

import java.util.concurrent.atomic.AtomicInteger
import java.util.concurrent.atomic.AtomicReferenceArray

/**
 * A block of [OperationTimeouts]' slots, handed out in order to watched operations. Each operation
 * empties its own slot when it settles, so the sweeper skips answered operations as empty slots
 * without touching them. Each slot's deadline is kept here too, so that the sweeper reads an
 * operation that is not due yet no more than an answered one. Once every slot was handed out and
 * the sweeper has seen the block (nearly) empty, it [seal]s and drops the block.
 */
internal class WatchSlots : AtomicReferenceArray<Any?>(SIZE) {
    private val handedOut = AtomicInteger()
    // Written before the slot's operation is published, so visible to whoever sees the operation.
    private val deadlines = LongArray(SIZE)

    /** How many slots may hold an operation: those handed out so far. */
    val filled: Int
        get() = minOf(handedOut.get(), SIZE)

    /**
     * Every slot was handed out: no operation will be placed here any more, except by [place]s
     * under way.
     */
    val isFull: Boolean
        get() = handedOut.get() >= SIZE

    /**
     * Places [operation] in the next free slot; `false` when the block is full or was sealed first,
     * and the operation needs another block.
     */
    fun place(operation: PendingOperation<*>): Boolean {
        val slot = handedOut.getAndIncrement()
        if (slot >= SIZE) return false
        deadlines[slot] = operation.deadlineNanos
        operation.watchedIn(this, slot)
        return compareAndSet(slot, null, operation)
    }

    /** The deadline of the operation in [slot], read after the operation itself. */
    fun deadline(slot: Int): Long = deadlines[slot]

    /** Empties [slot], which held an operation that has settled. */
    fun clear(slot: Int) {
        lazySet(slot, null)
    }

    /**
     * Closes every empty slot, so that a [place] still under way fails instead of landing in a
     * dropped block, and hands each unsettled operation still here to [keep].
     */
    fun seal(keep: (PendingOperation<*>) -> Unit) {
        for (slot in 0 until SIZE) {
            if (compareAndSet(slot, null, SEALED)) continue
            val operation = get(slot)
            if (operation is PendingOperation<*> && !operation.isSettled) keep(operation)
        }
    }

    companion object {
        const val SIZE = 1024
        private val SEALED = Any()
    }
}
