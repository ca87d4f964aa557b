package io.oxia.coroutines.internal.retry

import kotlin.math.pow
import kotlin.random.Random
import kotlin.time.Duration
import kotlin.time.Duration.Companion.milliseconds
import kotlin.time.Duration.Companion.seconds
import kotlin.time.DurationUnit
import kotlin.time.toDuration

/**
 * An exponential backoff policy with jitter, the one the official Go client retries with. Retry
 * number `n` (0 for the first retry) waits around `initial × multiplier^n`, never more than [max];
 * the delay is drawn uniformly from `±jitter` around that value and then capped at [max] again. The
 * policy holds no state, so one instance serves any number of concurrent retry loops as long as
 * [random] is thread-safe (the default is).
 */
internal class Backoff(
    private val initial: Duration = 100.milliseconds,
    private val multiplier: Double = 1.5,
    private val jitter: Double = 0.5,
    private val max: Duration = 60.seconds,
    private val random: Random = Random.Default,
) {
    init {
        require(initial.isPositive()) { "initial backoff must be positive: $initial" }
        require(multiplier >= 1.0) { "backoff multiplier must be at least 1: $multiplier" }
        require(jitter in 0.0..1.0) { "backoff jitter must lie in [0, 1]: $jitter" }
        require(max >= initial) { "maximum backoff $max is below the initial one $initial" }
    }

    /** How long to wait before retry number [attempt] (0 for the first retry). */
    fun delayFor(attempt: Int): Duration {
        require(attempt >= 0) { "attempt must not be negative: $attempt" }
        val maxMillis = max.toDouble(DurationUnit.MILLISECONDS)
        // pow overflows to infinity for large attempts, which the cap absorbs.
        val base =
            minOf(initial.toDouble(DurationUnit.MILLISECONDS) * multiplier.pow(attempt), maxMillis)
        val low = base * (1 - jitter)
        val drawn = low + random.nextDouble() * (base * (1 + jitter) - low)
        return minOf(drawn, maxMillis).toDuration(DurationUnit.MILLISECONDS)
    }

    override fun toString(): String =
        "Backoff(initial=$initial, multiplier=$multiplier, jitter=$jitter, max=$max)"
}
