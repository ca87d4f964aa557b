package io.oxia.coroutines.it

import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.longs.shouldBeLessThan
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.oxia.coroutines.OxiaTimeoutException
import io.oxia.coroutines.delete
import io.oxia.coroutines.get
import io.oxia.coroutines.list
import io.oxia.coroutines.put
import kotlin.time.Duration.Companion.milliseconds
import kotlin.time.Duration.Companion.seconds
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.withContext

/**
 * An operation's own timeout bounds it instead of the client's request timeout: against a server
 * that answers nothing, it fails with [OxiaTimeoutException] at its own timeout.
 */
class PerCallTimeoutSpec :
    FunSpec({
        val server = standalone(shards = 1)

        test(
            "get, put, delete, deleteRange and list fail at their own timeout, long before the client's"
        ) {
            withClient(server.value, { requestTimeout = 60.seconds }) { client ->
                client.put("/own-timeout/k", "v", timeout = 5.seconds)
                client.get("/own-timeout/k", timeout = 5.seconds)?.valueAsString shouldBe "v"
                withContext(Dispatchers.IO) { server.value.pause() }
                try {
                    suspend fun failsAtItsTimeout(call: suspend () -> Unit) {
                        val start = System.nanoTime()
                        shouldThrow<OxiaTimeoutException> { call() }.message shouldContain "500ms"
                        (System.nanoTime() - start) / 1_000_000 shouldBeLessThan 3_000
                    }
                    failsAtItsTimeout { client.get("/own-timeout/k", timeout = 500.milliseconds) }
                    failsAtItsTimeout {
                        client.put("/own-timeout/k", "w", timeout = 500.milliseconds)
                    }
                    failsAtItsTimeout {
                        client.delete("/own-timeout/k", timeout = 500.milliseconds)
                    }
                    failsAtItsTimeout {
                        client.deleteRange(
                            "/own-timeout/",
                            "/own-timeout/~",
                            timeout = 500.milliseconds,
                        )
                    }
                    val start = System.nanoTime()
                    shouldThrow<OxiaTimeoutException> {
                        client
                            .list("/own-timeout/", "/own-timeout/~", timeout = 500.milliseconds)
                            .toList()
                    }
                    (System.nanoTime() - start) / 1_000_000 shouldBeLessThan 3_000
                } finally {
                    withContext(Dispatchers.IO) { server.value.resume() }
                }
            }
        }
    })
