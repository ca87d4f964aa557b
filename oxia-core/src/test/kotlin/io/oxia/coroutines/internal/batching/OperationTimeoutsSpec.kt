package io.oxia.coroutines.internal.batching

import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.longs.shouldBeLessThan
import io.kotest.matchers.shouldBe
import io.oxia.coroutines.proto.GetRequest
import io.oxia.coroutines.proto.GetResponse
import kotlin.time.Duration.Companion.milliseconds
import kotlin.time.Duration.Companion.seconds
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.SupervisorJob
import kotlinx.coroutines.async
import kotlinx.coroutines.awaitAll
import kotlinx.coroutines.cancelAndJoin
import kotlinx.coroutines.delay
import kotlinx.coroutines.job
import kotlinx.coroutines.withTimeout

private val answer: GetResponse = GetResponse.getDefaultInstance()

private fun operation(deadline: Long) =
    PendingGet(GetRequest.getDefaultInstance()).apply { deadlineNanos = deadline }

private fun inMillis(millis: Long) = System.nanoTime() + millis * 1_000_000

private suspend fun PendingGet.timedOut(): Boolean =
    try {
        await()
        false
    } catch (e: OperationTimedOut) {
        true
    }

class OperationTimeoutsSpec :
    FunSpec({
        lateinit var scope: CoroutineScope
        lateinit var timeouts: OperationTimeouts

        beforeTest {
            scope = CoroutineScope(SupervisorJob() + Dispatchers.Default)
            // A period of 2 ms.
            timeouts = OperationTimeouts(100.milliseconds, scope)
        }

        afterTest { scope.coroutineContext.job.cancelAndJoin() }

        test(
            "an unanswered operation fails soon after its deadline, an answered one keeps its answer"
        ) {
            val late = operation(inMillis(50)).also(timeouts::watch)
            val answered = operation(inMillis(50)).also(timeouts::watch)
            answered.complete(answer)
            val start = System.nanoTime()
            withTimeout(5.seconds) { shouldThrow<OperationTimedOut> { late.await() } }
            (System.nanoTime() - start) / 1_000_000 shouldBeLessThan 1_000
            delay(100)
            answered.await() shouldBe answer
        }

        test("nothing fails before its deadline") {
            val operation = operation(inMillis(300)).also(timeouts::watch)
            delay(150)
            operation.isSettled shouldBe false
            withTimeout(5.seconds) { operation.timedOut() shouldBe true }
        }

        test("across many blocks and threads, exactly the unanswered operations time out") {
            val count = WatchSlots.SIZE * 5 + 17
            val operations =
                (0 until 4)
                    .map { thread ->
                        scope.async {
                            (0 until count / 4).map { i ->
                                operation(inMillis(200)).also {
                                    timeouts.watch(it)
                                    if ((i + thread) % 2 == 0) it.complete(answer)
                                }
                            }
                        }
                    }
                    .awaitAll()
                    .flatten()
            val timedOut = withTimeout(10.seconds) { operations.map { it.timedOut() } }
            timedOut.count { it } shouldBe operations.size / 2
        }

        test("a sweeper that went to sleep wakes for an operation watched later") {
            val first = operation(inMillis(20)).also(timeouts::watch)
            withTimeout(5.seconds) { first.timedOut() shouldBe true }
            // Long enough for the sweeper to find nothing watched and sleep.
            delay(200)
            val later = operation(inMillis(20)).also(timeouts::watch)
            withTimeout(5.seconds) { later.timedOut() shouldBe true }
        }
    })
