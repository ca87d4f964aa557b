package io.oxia.coroutines.internal.retry

import io.kotest.assertions.throwables.shouldThrow
import io.kotest.assertions.withClue
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.comparables.shouldBeGreaterThanOrEqualTo
import io.kotest.matchers.comparables.shouldBeLessThanOrEqualTo
import io.kotest.matchers.doubles.plusOrMinus
import io.kotest.matchers.ints.shouldBeInRange
import io.kotest.matchers.shouldBe
import io.kotest.matchers.shouldNotBe
import kotlin.math.pow
import kotlin.random.Random
import kotlin.time.Duration
import kotlin.time.Duration.Companion.milliseconds
import kotlin.time.Duration.Companion.seconds
import kotlin.time.DurationUnit

/** A Random whose every draw is [value], to pin a delay to one end of its jitter window. */
private class FixedRandom(private val value: Double) : Random() {
    override fun nextBits(bitCount: Int): Int = 0

    override fun nextDouble(): Double = value
}

private val ONE_BELOW_1 = Math.nextDown(1.0)

class BackoffSpec :
    FunSpec({
        test("without jitter the delays grow by the multiplier from the initial delay") {
            val backoff = Backoff(jitter = 0.0)
            backoff.delayFor(0) shouldBe 100.milliseconds
            backoff.delayFor(1) shouldBe 150.milliseconds
            backoff.delayFor(2) shouldBe 225.milliseconds
            backoff.delayFor(3) shouldBe 337.5.milliseconds
            (0 until 20)
                .map { backoff.delayFor(it) }
                .zipWithNext()
                .forEach { (a, b) -> b shouldBeGreaterThanOrEqualTo a }
        }

        test("delays stop growing at the cap, even for huge attempt numbers") {
            val backoff = Backoff(jitter = 0.0)
            // 100 ms × 1.5^n passes 60 s between n = 15 and n = 16.
            backoff.delayFor(15) shouldBe (100 * 1.5.pow(15)).milliseconds
            backoff.delayFor(16) shouldBe 60.seconds
            backoff.delayFor(1000) shouldBe 60.seconds
            backoff.delayFor(Int.MAX_VALUE) shouldBe 60.seconds
        }

        test("each delay lies within half a step around its base value and never above the cap") {
            val backoff = Backoff()
            for (attempt in 0..40) {
                val base = minOf(100 * 1.5.pow(attempt), 60_000.0)
                repeat(200) {
                    val delay = backoff.delayFor(attempt).toDouble(DurationUnit.MILLISECONDS)
                    withClue({ "attempt $attempt: $delay ms" }) {
                        delay shouldBeGreaterThanOrEqualTo base * 0.5
                        delay shouldBeLessThanOrEqualTo minOf(base * 1.5, 60_000.0)
                    }
                }
            }
        }

        test("the jitter window reaches both of its ends") {
            Backoff(random = FixedRandom(0.0)).delayFor(0) shouldBe 50.milliseconds
            Backoff(random = FixedRandom(ONE_BELOW_1))
                .delayFor(0)
                .toDouble(DurationUnit.MILLISECONDS) shouldBe (150.0 plusOrMinus 1e-9)
            Backoff(random = FixedRandom(0.0)).delayFor(100) shouldBe 30.seconds
            Backoff(random = FixedRandom(ONE_BELOW_1)).delayFor(100) shouldBe 60.seconds
        }

        test("delays are spread around the base value") {
            val backoff = Backoff(random = Random(1))
            val delays = List(10_000) { backoff.delayFor(0).toDouble(DurationUnit.MILLISECONDS) }
            delays.average() shouldBe (100.0 plusOrMinus 2.0)
            delays.count { it < 75 } shouldBeInRange 2250..2750
        }

        test("a seeded random makes the delays reproducible") {
            fun sequence(seed: Int): List<Duration> =
                Backoff(random = Random(seed)).let { b -> (0 until 30).map(b::delayFor) }
            sequence(42) shouldBe sequence(42)
            sequence(42) shouldNotBe sequence(43)
        }

        test("all parameters are configurable") {
            val backoff =
                Backoff(initial = 1.seconds, multiplier = 2.0, jitter = 0.0, max = 5.seconds)
            (0..4).map(backoff::delayFor) shouldBe
                listOf(1.seconds, 2.seconds, 4.seconds, 5.seconds, 5.seconds)
        }

        test("nonsensical parameters and negative attempts are rejected") {
            shouldThrow<IllegalArgumentException> { Backoff(initial = Duration.ZERO) }
            shouldThrow<IllegalArgumentException> { Backoff(multiplier = 0.5) }
            shouldThrow<IllegalArgumentException> { Backoff(jitter = 1.5) }
            shouldThrow<IllegalArgumentException> { Backoff(max = 10.milliseconds) }
            shouldThrow<IllegalArgumentException> { Backoff().delayFor(-1) }
        }
    })
