package io.oxia.coroutines.internal.batching

import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.longs.shouldBeLessThan
import io.kotest.matchers.shouldBe
import kotlin.time.Duration.Companion.milliseconds
import kotlin.time.Duration.Companion.seconds
import kotlinx.coroutines.awaitCancellation
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.delay
import kotlinx.coroutines.launch
import kotlinx.coroutines.withTimeout

class CallWatchdogSpec :
    FunSpec({
        test(
            "a call that outlives the timeout is cancelled and marked stalled; a quick one is not"
        ) {
            val watchdog = CallWatchdog(200.milliseconds)
            coroutineScope {
                val checks = launch { watchdog.run() }
                var quickStalled: Boolean? = null
                watchdog.watch { call ->
                    delay(20)
                    quickStalled = call.stalled
                }
                quickStalled shouldBe false
                var slow: CallWatchdog.WatchedCall? = null
                val start = System.nanoTime()
                val slowJob = launch {
                    watchdog.watch { call ->
                        slow = call
                        awaitCancellation()
                    }
                }
                withTimeout(5.seconds) { slowJob.join() }
                slowJob.isCancelled shouldBe true
                slow?.stalled shouldBe true
                // Ended within the timeout plus a check period (100 ms here) and some slack.
                (System.nanoTime() - start) / 1_000_000 shouldBeLessThan 1_000
                checks.cancel()
            }
        }
    })
