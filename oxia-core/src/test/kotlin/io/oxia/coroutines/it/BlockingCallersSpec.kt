package io.oxia.coroutines.it

import io.kotest.assertions.fail
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.assertions.withClue
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.longs.shouldBeLessThan
import io.kotest.matchers.shouldBe
import io.oxia.coroutines.OxiaClient
import io.oxia.coroutines.OxiaTimeoutException
import io.oxia.coroutines.get
import io.oxia.coroutines.notifications
import io.oxia.coroutines.put
import java.util.concurrent.CountDownLatch
import java.util.concurrent.Executors
import java.util.concurrent.TimeUnit
import java.util.concurrent.atomic.AtomicInteger
import kotlin.time.Duration.Companion.seconds
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.SupervisorJob
import kotlinx.coroutines.asCoroutineDispatcher
import kotlinx.coroutines.async
import kotlinx.coroutines.cancel
import kotlinx.coroutines.delay
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withContext
import kotlinx.coroutines.withTimeout
import kotlinx.coroutines.withTimeoutOrNull

/**
 * User code that blocks its threads, up to every thread of `Dispatchers.Default`, stalls only
 * itself: the client's own work runs on threads of its own.
 */
class BlockingCallersSpec :
    FunSpec({
        val server by standalone(shards = 2)

        test("collectors blocking every thread of Dispatchers.Default stall no other call") {
            // Every thread of Dispatchers.Default, however many cores: kotlinx's own sizing.
            val defaultThreads = maxOf(2, Runtime.getRuntime().availableProcessors())
            val collectors = 4 * defaultThreads
            val release = CountDownLatch(1)
            // The test's own calls go from a thread that no collector blocks.
            val outside = Executors.newSingleThreadScheduledExecutor().asCoroutineDispatcher()
            val collecting = CoroutineScope(SupervisorJob() + Dispatchers.Default)
            try {
                withContext(outside) {
                    val client =
                        OxiaClient.connect(server.serviceAddress) {
                            keySorting = sortingOf(server.version)
                            requestTimeout = 2.seconds
                        }
                    try {
                        client.put("/blocked/seed", "s")
                        val established = CountDownLatch(collectors)
                        val blocked = AtomicInteger()
                        repeat(collectors) {
                            collecting.launch {
                                client
                                    .notifications(
                                        keyPrefix = "/blocked/trigger",
                                        onEstablished = { established.countDown() },
                                    )
                                    .collect {
                                        // A call made by blocking the collector's thread, then a
                                        // thread held until the test lets it go.
                                        runBlocking { client.get("/blocked/seed") }
                                        blocked.incrementAndGet()
                                        release.await(60, TimeUnit.SECONDS)
                                    }
                            }
                        }
                        established.await(30, TimeUnit.SECONDS) shouldBe true
                        client.put("/blocked/trigger", "go")
                        withClue("collectors whose get was answered, each now blocking a thread") {
                            withTimeout(10.seconds) {
                                while (blocked.get() < defaultThreads) delay(20)
                            }
                            blocked.get() shouldBe defaultThreads
                        }

                        // Every thread of Dispatchers.Default is blocked from here on.
                        withTimeout(10.seconds) {
                            client.put("/blocked/other", "x")
                            client.get("/blocked/other")?.valueAsString shouldBe "x"
                        }
                        server.pause()
                        try {
                            val start = System.nanoTime()
                            withTimeout(10.seconds) {
                                shouldThrow<OxiaTimeoutException> { client.get("/blocked/other") }
                            }
                            (System.nanoTime() - start) / 1_000_000 shouldBeLessThan 4_000
                        } finally {
                            server.resume()
                        }
                        release.countDown()
                        collecting.cancel()
                        withTimeout(20.seconds) {
                            client.get("/blocked/seed")?.valueAsString shouldBe "s"
                        }
                    } finally {
                        release.countDown()
                        collecting.cancel()
                        // Bounded: a client stalled by its callers would never finish closing.
                        val closing = CoroutineScope(Dispatchers.IO).async { client.shutdown() }
                        withTimeoutOrNull(30.seconds) { closing.await() }
                            ?: fail("the client did not close within 30 s")
                    }
                }
            } finally {
                release.countDown()
                collecting.cancel()
                outside.close()
            }
        }
    })
