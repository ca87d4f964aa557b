package io.oxia.coroutines.internal.streams

import kotlin.time.Duration
import kotlin.time.Duration.Companion.nanoseconds
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.delay
import kotlinx.coroutines.launch

/**
 * Tells when a server stream has kept its collector waiting for longer than [limit]. It is armed
 * while the stream waits for the server ([waitUntil], [awaitingAnswer]) and disarmed while the
 * collector handles an answer ([answered]), so that time the collector spends in its own code
 * (back-pressure) never counts: a slow collector is not a stalled server.
 *
 * One per stream, with one coroutine in [awaitStall] that wakes at each deadline and once per
 * [limit] while disarmed, however many answers arrive in between: arming and disarming only write a
 * field. Safe to arm and disarm from the collecting coroutine while another waits in [awaitStall].
 * [nanoTime] is the clock deadlines are read on.
 */
internal class AnswerTimer(
    private val limit: Duration,
    private val nanoTime: () -> Long = System::nanoTime,
) {
    @Volatile private var deadlineNanos = DISARMED

    /** The stream waits for an answer until [deadline], a reading of the timer's clock. */
    fun waitUntil(deadline: Long) {
        deadlineNanos = deadline
    }

    /** The stream waits for its next answer, for [limit] from now. */
    fun awaitingAnswer() {
        deadlineNanos = nanoTime() + limit.inWholeNanoseconds
    }

    /** An answer came: the collector handles it, for as long as it takes. */
    fun answered() {
        deadlineNanos = DISARMED
    }

    /**
     * Returns once the stream waited past its deadline; until then it suspends (cancel it when the
     * stream ends).
     */
    suspend fun awaitStall() {
        while (true) {
            val deadline = deadlineNanos
            if (deadline == DISARMED) {
                delay(limit)
                continue
            }
            val left = deadline - nanoTime()
            if (left <= 0) return
            // An answer that arrives meanwhile moves the deadline: the next turn sleeps again.
            delay(left.nanoseconds)
        }
    }

    private companion object {
        const val DISARMED = Long.MIN_VALUE
    }
}

/**
 * Runs [block] with an [AnswerTimer] of [limit], armed until [firstDeadline] (a reading of
 * [nanoTime]) for the first answer; when the timer expires, [block] is cancelled and this fails
 * with the exception [stalled] makes. [block] arms and disarms the timer around each answer.
 */
internal suspend fun <R> withAnswerTimer(
    limit: Duration,
    firstDeadline: Long,
    stalled: () -> Throwable,
    nanoTime: () -> Long = System::nanoTime,
    block: suspend (AnswerTimer) -> R,
): R = coroutineScope {
    val timer = AnswerTimer(limit, nanoTime).apply { waitUntil(firstDeadline) }
    val watchdog = launch {
        timer.awaitStall()
        throw stalled()
    }
    try {
        block(timer)
    } finally {
        watchdog.cancel()
    }
}
