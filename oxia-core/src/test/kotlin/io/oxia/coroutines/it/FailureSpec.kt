package io.oxia.coroutines.it

import io.kotest.assertions.throwables.shouldThrow
import io.kotest.assertions.throwables.shouldThrowAny
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.longs.shouldBeLessThan
import io.kotest.matchers.shouldBe
import io.kotest.matchers.types.shouldBeInstanceOf
import io.oxia.coroutines.ClientClosedException
import io.oxia.coroutines.OutcomeUnknownException
import io.oxia.coroutines.OxiaClient
import io.oxia.coroutines.OxiaTimeoutException
import io.oxia.coroutines.get
import io.oxia.coroutines.list
import io.oxia.coroutines.notifications
import io.oxia.coroutines.put
import io.oxia.coroutines.sequenceUpdates
import io.oxia.coroutines.sessionEvents
import kotlin.time.Duration.Companion.milliseconds
import kotlin.time.Duration.Companion.seconds
import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.async
import kotlinx.coroutines.awaitAll
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.delay
import kotlinx.coroutines.withTimeout

class FailureSpec :
    FunSpec({
        val server by standalone(shards = 2)

        test(
            "with the server down, operations fail with a timeout after the request timeout, then recover"
        ) {
            withClient(server, { requestTimeout = 2.seconds }) { client ->
                client.put("/down/before", "x")
                server.kill()
                try {
                    val started = System.nanoTime()
                    // A put sent before the client saw the connection die went out on the old
                    // write stream, and its outcome is unknown when that stream breaks; after
                    // that, nothing reaches a server and operations time out.
                    val first = shouldThrowAny { client.put("/down/first", "x") }
                    if (first !is OutcomeUnknownException)
                        first.shouldBeInstanceOf<OxiaTimeoutException>()
                    shouldThrow<OxiaTimeoutException> { client.put("/down/during", "x") }
                    shouldThrow<OxiaTimeoutException> { client.get("/down/before") }
                    (System.nanoTime() - started) / 1_000_000 shouldBeLessThan 10_000
                } finally {
                    server.restart()
                }
                withTimeout(30.seconds) {
                    while (true) {
                        try {
                            client.put("/down/after", "y")
                            break
                        } catch (e: OxiaTimeoutException) {
                            // the client reconnects on its own; keep asking
                        }
                    }
                }
                client.get("/down/before")?.valueAsString shouldBe "x"
            }
        }

        test("a bootstrap address that refuses connections is passed over for the next one") {
            val dead = java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())
            val deadAddress = "127.0.0.1:${dead.localPort}"
            dead.close()
            val started = System.nanoTime()
            withClientOf(
                "$deadAddress,${server.serviceAddress}",
                server.version,
                { connectTimeout = 10.seconds },
            ) { client ->
                client.put("/bootstrap-fallback", "v")
                client.get("/bootstrap-fallback")?.valueAsString shouldBe "v"
            }
            // Well within the connect timeout: the refusal moves on at once.
            (System.nanoTime() - started) / 1_000_000 shouldBeLessThan 5_000L
        }

        test("a caller's cancellation is not turned into an Oxia error") {
            withClient(server) { client ->
                shouldThrow<CancellationException> {
                    withTimeout(1.milliseconds) {
                        repeat(10_000) { client.put("/cancel/$it", "x") }
                    }
                }
                client.put("/cancel/after", "still works").key shouldBe "/cancel/after"
            }
        }

        test("endless flows complete when the client closes; a listing cut short fails") {
            val client =
                OxiaClient.connect(server.serviceAddress) { keySorting = sortingOf(server.version) }
            (1..50).forEach { client.put("/closing/%02d".format(it), "v") }
            val ready = CompletableDeferred<Unit>()
            val following = CompletableDeferred<Unit>()
            val subscribed = CompletableDeferred<Unit>()
            coroutineScope {
                val endings =
                    listOf(
                        async {
                            runCatching {
                                client.list("/closing/", "/closing/~").collect { delay(100) }
                            }
                        },
                        async {
                            runCatching {
                                client
                                    .notifications(onEstablished = { ready.complete(Unit) })
                                    .collect {}
                            }
                        },
                        async {
                            runCatching {
                                client
                                    .sequenceUpdates(
                                        "/closing/q",
                                        "p",
                                        onEstablished = { following.complete(Unit) },
                                    )
                                    .collect {}
                            }
                        },
                        async {
                            runCatching {
                                client
                                    .sessionEvents(onSubscribed = { subscribed.complete(Unit) })
                                    .collect {}
                            }
                        },
                    )
                withTimeout(10.seconds) { awaitAll(ready, following, subscribed) }
                // A listing still under way: its collector takes 100 ms per key.
                delay(300)
                client.shutdown()
                val (listing, notifications, sequence, sessions) =
                    withTimeout(10.seconds) { endings.awaitAll() }
                // The listing may already hold every answer when the close comes; then it
                // completes.
                listing.exceptionOrNull()?.shouldBeInstanceOf<ClientClosedException>()
                // Endless flows have nothing more to say: they complete, with no error to catch.
                notifications.exceptionOrNull() shouldBe null
                sequence.exceptionOrNull() shouldBe null
                sessions.exceptionOrNull() shouldBe null
            }
        }

        test(
            "writes in flight when the client closes are answered: applied or ClientClosedException"
        ) {
            val client =
                OxiaClient.connect(server.serviceAddress) { keySorting = sortingOf(server.version) }
            val outcomes = coroutineScope {
                val writers =
                    List(256) { w ->
                        async {
                            val failures = mutableListOf<Throwable>()
                            var i = 0
                            while (failures.isEmpty()) {
                                try {
                                    client.put("/in-flight/$w/${i++}", "x")
                                } catch (e: Throwable) {
                                    failures += e
                                }
                            }
                            failures.single()
                        }
                    }
                delay(1_000)
                client.shutdown()
                // Every caller gets its answer: none is left waiting on a closed stream.
                withTimeout(10.seconds) { writers.awaitAll() }
            }
            outcomes.forEach { it.shouldBeInstanceOf<ClientClosedException>() }
        }
    })
