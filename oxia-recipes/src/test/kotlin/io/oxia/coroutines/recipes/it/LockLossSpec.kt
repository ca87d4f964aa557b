package io.oxia.coroutines.recipes.it

import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.oxia.coroutines.recipes.LeaseLostException
import io.oxia.coroutines.recipes.OxiaLock
import kotlin.time.Duration
import kotlin.time.Duration.Companion.seconds
import kotlin.time.TimeSource
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.async
import kotlinx.coroutines.awaitCancellation
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.delay
import kotlinx.coroutines.job
import kotlinx.coroutines.withContext
import kotlinx.coroutines.withTimeout

/**
 * The loss-of-contact rule: a holder that cannot reach the server has its block cancelled before
 * the server can expire its session, so the next holder never overlaps it.
 */
class LockLossSpec :
    FunSpec({
        val server by standalone()

        test(
            "a holder cut off from a live server is cancelled before the next waiter gets the lock"
        ) {
            // Session timeout 6 s, margin 3 s: the holder stops at most 3 s after its last contact;
            // with heartbeats every 2 s the server cannot expire its session sooner than 4 s after.
            val cutOff =
                connectThrough(listOf(server.serviceAddress)) {
                    requestTimeout = 20.seconds
                    sessionTimeout = 6.seconds
                }
            val holderClient = cutOff.client
            val waiterClient = connect(server)
            try {
                val clock = TimeSource.Monotonic
                val path = "/locks/severed"
                val held = CompletableDeferred<Unit>()
                val stoppedAt = CompletableDeferred<TimeSource.Monotonic.ValueTimeMark>()
                coroutineScope {
                    val holder = async {
                        runCatching {
                            OxiaLock(holderClient, path).withLock {
                                held.complete(Unit)
                                try {
                                    awaitCancellation()
                                } finally {
                                    stoppedAt.complete(clock.markNow())
                                }
                            }
                        }
                    }
                    withTimeout(10_000) { held.await() }
                    val next = async { OxiaLock(waiterClient, path).acquire() to clock.markNow() }
                    delay(500)
                    val severedAt = clock.markNow()
                    cutOff.proxies.blackHole()
                    val (lease, acquiredAt) = withTimeout(30_000) { next.await() }
                    val stopped = stoppedAt.await()
                    val stopAfter = stopped - severedAt
                    val takeoverAfter = acquiredAt - severedAt
                    println(
                        "holder stopped ${stopAfter}, next holder in ${takeoverAfter} after the cut"
                    )
                    (stopped < acquiredAt) shouldBe true
                    stopAfter shouldBeAtMost 3.5.seconds
                    lease.release()
                    withTimeout(20_000) { holder.await() }.exceptionOrNull()!!::class shouldBe
                        LeaseLostException::class
                }
            } finally {
                cutOff.close()
                waiterClient.shutdown()
            }
        }

        test(
            "a holder whose server hangs is cancelled within the contact budget, and the lock moves on"
        ) {
            withClients(server, 2) { (holderClient, waiterClient) ->
                // Session timeout 4 s, margin 2 s.
                val clock = TimeSource.Monotonic
                val path = "/locks/paused"
                val lease = OxiaLock(holderClient, path).acquire()
                coroutineScope {
                    val next = async { OxiaLock(waiterClient, path).acquire() }
                    delay(500)
                    val pausedAt = clock.markNow()
                    withContext(Dispatchers.IO) { server.pause() }
                    // The lease's scope ends when the watchdog gives the lease up.
                    withTimeout(10_000) { lease.scope.coroutineContext.job.join() }
                    val stopAfter = pausedAt.elapsedNow()
                    lease.isHeld shouldBe false
                    shouldThrow<LeaseLostException> { lease.ensureHeld() }
                    println("holder stopped ${stopAfter} after the server hung")
                    stopAfter shouldBeAtMost 3.seconds
                    withContext(Dispatchers.IO) { server.resume() }
                    lease.release()
                    withTimeout(30_000) { next.await() }.release()
                }
            }
        }
    })

private infix fun Duration.shouldBeAtMost(limit: Duration) {
    if (this > limit) throw AssertionError("$this is more than $limit")
}
