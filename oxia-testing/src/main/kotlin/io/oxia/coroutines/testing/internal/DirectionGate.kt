package io.oxia.coroutines.testing.internal

import java.util.concurrent.TimeUnit
import java.util.concurrent.locks.ReentrantLock
import kotlin.concurrent.withLock

/**
 * What one direction of a fault proxy does with the bytes it reads, shared by every connection of
 * the proxy: pass them, hold them for a delay, hold them until the fault ends, or end the
 * direction.
 */
internal sealed class GateMode {
    object Open : GateMode()

    class Slow(val delayNanos: Long) : GateMode()

    object BlackHole : GateMode()

    object Cut : GateMode()
}

/**
 * The mode of one direction, and the wait of the threads that forward bytes in it. Changing the
 * mode wakes them, so that a restore releases what a black hole or a delay holds at once.
 */
internal class DirectionGate(private val lock: ReentrantLock) {
    private val changed = lock.newCondition()
    @Volatile private var mode: GateMode = GateMode.Open
    @Volatile private var closed = false

    val isCut: Boolean
        get() = closed || mode == GateMode.Cut

    fun set(newMode: GateMode) {
        lock.withLock {
            mode = newMode
            changed.signalAll()
        }
    }

    fun close() {
        lock.withLock {
            closed = true
            changed.signalAll()
        }
    }

    /**
     * Blocks until bytes read at [readAtNanos] (a [System.nanoTime]) may be written on: at once
     * when open, once their delay has passed when slow, never while black-holed. Returns `false`
     * when the direction is cut or the proxy closed meanwhile: the bytes are then dropped.
     */
    fun awaitPassage(readAtNanos: Long): Boolean {
        lock.lock()
        try {
            while (!closed) {
                when (val current = mode) {
                    GateMode.Open -> return true
                    GateMode.Cut -> return false
                    GateMode.BlackHole -> changed.await()
                    is GateMode.Slow -> {
                        val left = readAtNanos + current.delayNanos - System.nanoTime()
                        if (left <= 0) return true
                        changed.await(left, TimeUnit.NANOSECONDS)
                    }
                }
            }
            return false
        } finally {
            lock.unlock()
        }
    }
}
