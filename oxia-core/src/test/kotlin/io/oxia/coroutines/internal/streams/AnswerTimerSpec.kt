package io.oxia.coroutines.internal.streams

import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import kotlin.time.Duration.Companion.milliseconds
import kotlin.time.Duration.Companion.seconds
import kotlinx.coroutines.awaitCancellation
import kotlinx.coroutines.delay
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.flow
import kotlinx.coroutines.test.TestScope
import kotlinx.coroutines.test.runTest

/** In virtual time: each test states when, to the millisecond, a read ends. */
class AnswerTimerSpec :
    FunSpec({
        test("a server that never answers fails the read at the first deadline") {
            runTest {
                shouldThrow<Stalled> { read(flow<Int> { awaitCancellation() }) }
                testScheduler.currentTime shouldBe 2_000
            }
        }

        test("a server that stalls between answers fails the read a limit after the last one") {
            runTest {
                // Answers at 500, 1 100 and 1 700 ms, each handled for 100 ms; then none.
                val server = flow {
                    repeat(3) {
                        delay(500)
                        emit(it)
                    }
                    awaitCancellation()
                }
                val handled = mutableListOf<Int>()
                shouldThrow<Stalled> {
                    read(server) {
                        delay(100)
                        handled += it
                    }
                }
                handled shouldBe listOf(0, 1, 2)
                testScheduler.currentTime shouldBe 1_800 + 2_000
            }
        }

        test("answers that each come within the limit never fail the read, however long it runs") {
            runTest {
                val server = flow {
                    repeat(20) {
                        delay(1_900)
                        emit(it)
                    }
                }
                read(server) shouldBe (0 until 20).toList()
                testScheduler.currentTime shouldBe 20 * 1_900
            }
        }

        test("a collector slower than the limit is not taken for a stalled server") {
            runTest {
                val server = flow {
                    repeat(3) {
                        delay(1_500)
                        emit(it)
                    }
                }
                read(server) { delay(10.seconds) } shouldBe listOf(0, 1, 2)
                testScheduler.currentTime shouldBe 3 * (1_500 + 10_000)
            }
        }

        test("the first deadline counts from the start of the read, not from the timer") {
            runTest {
                val server = flow<Int> { awaitCancellation() }
                // A read whose first deadline was set 1.5 s before it got to its stream.
                shouldThrow<Stalled> { read(server, firstDeadlineMillis = 500) }
                testScheduler.currentTime shouldBe 500
            }
        }
    })

private val LIMIT = 2_000.milliseconds

private class Stalled : RuntimeException()

/**
 * Collects [server] like a range read collects a shard's stream, handling each answer with
 * [handle]; the timer's first deadline is [firstDeadlineMillis] of virtual time.
 */
private suspend fun <T> TestScope.read(
    server: Flow<T>,
    firstDeadlineMillis: Long = testScheduler.currentTime + LIMIT.inWholeMilliseconds,
    handle: suspend (T) -> Unit = {},
): List<T> {
    val clock = { testScheduler.currentTime * 1_000_000 }
    val received = mutableListOf<T>()
    withAnswerTimer(LIMIT, firstDeadlineMillis * 1_000_000, ::Stalled, clock) { timer ->
        server.collect {
            timer.answered()
            handle(it)
            received += it
            timer.awaitingAnswer()
        }
    }
    return received
}
