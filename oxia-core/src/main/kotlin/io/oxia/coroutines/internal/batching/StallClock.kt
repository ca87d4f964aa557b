package io.oxia.coroutines.internal.batching

import java.util.concurrent.atomic.AtomicInteger
import kotlin.time.Duration

/**
 * Tells whether a stream stalled: requests are unanswered and nothing was answered for [limit].
 * Safe to use from the sending and the receiving coroutine at once.
 */
internal class StallClock(limit: Duration) {
    private val limitNanos = limit.inWholeNanoseconds
    private val unanswered = AtomicInteger()
    @Volatile private var lastProgressNanos = System.nanoTime()

    fun sent() {
        if (unanswered.getAndIncrement() == 0) lastProgressNanos = System.nanoTime()
    }

    fun answered() {
        unanswered.decrementAndGet()
        lastProgressNanos = System.nanoTime()
    }

    fun stalled(): Boolean =
        unanswered.get() > 0 && System.nanoTime() - lastProgressNanos > limitNanos
}
