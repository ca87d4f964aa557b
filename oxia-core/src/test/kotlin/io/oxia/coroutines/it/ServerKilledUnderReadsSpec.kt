package io.oxia.coroutines.it

import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldBeEmpty
import io.kotest.matchers.ints.shouldBeGreaterThan
import io.kotest.matchers.shouldBe
import io.oxia.coroutines.OxiaTimeoutException
import io.oxia.coroutines.get
import io.oxia.coroutines.put
import java.util.concurrent.ConcurrentLinkedQueue
import java.util.concurrent.atomic.AtomicBoolean
import java.util.concurrent.atomic.AtomicInteger
import kotlin.time.Duration.Companion.milliseconds
import kotlin.time.Duration.Companion.seconds
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.async
import kotlinx.coroutines.awaitAll
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.delay
import kotlinx.coroutines.launch
import kotlinx.coroutines.withContext

/**
 * Gets in flight when their server dies (SIGKILL) fail only by timing out, or succeed once it is
 * back: a connection closed under a call is a lost connection, retried like any other.
 */
class ServerKilledUnderReadsSpec :
    FunSpec({
        val server by standalone(shards = 2)

        test(
            "gets in flight while the server is killed and restarted end in a result or a timeout"
        ) {
            withClient(server, { requestTimeout = 3.seconds }) { client ->
                val keys = (0 until 20).map { "/killed/$it" }
                keys.forEach { client.put(it, "v") }
                val running = AtomicBoolean(true)
                val answered = AtomicInteger()
                val timedOut = AtomicInteger()
                val unexpected = ConcurrentLinkedQueue<Throwable>()
                coroutineScope {
                    val readers =
                        (0 until 4).map { reader ->
                            launch(Dispatchers.Default) {
                                while (running.get()) {
                                    (0 until 50)
                                        .map { i ->
                                            async {
                                                try {
                                                    client.get(keys[(reader + i) % keys.size])
                                                    answered.incrementAndGet()
                                                } catch (e: OxiaTimeoutException) {
                                                    timedOut.incrementAndGet()
                                                } catch (e: Exception) {
                                                    unexpected += e
                                                }
                                            }
                                        }
                                        .awaitAll()
                                }
                            }
                        }
                    repeat(3) {
                        delay(1.seconds)
                        server.kill()
                        delay(1.seconds)
                        withContext(Dispatchers.IO) { server.restart() }
                    }
                    delay(500.milliseconds)
                    running.set(false)
                    readers.forEach { it.join() }
                }
                unexpected.map { it.toString() }.shouldBeEmpty()
                answered.get() shouldBeGreaterThan 0
                client.get(keys[0])?.valueAsString shouldBe "v"
            }
        }
    })
