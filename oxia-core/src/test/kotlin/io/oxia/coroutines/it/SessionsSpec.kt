package io.oxia.coroutines.it

import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.nulls.shouldNotBeNull
import io.kotest.matchers.shouldBe
import io.kotest.matchers.types.shouldBeInstanceOf
import io.oxia.coroutines.ClientClosedException
import io.oxia.coroutines.OxiaClient
import io.oxia.coroutines.SessionState
import io.oxia.coroutines.get
import io.oxia.coroutines.put
import io.oxia.coroutines.sequenceUpdates
import io.oxia.coroutines.sessionEvents
import kotlin.time.Duration.Companion.seconds
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.async
import kotlinx.coroutines.awaitAll
import kotlinx.coroutines.awaitCancellation
import kotlinx.coroutines.cancelAndJoin
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.delay
import kotlinx.coroutines.flow.first
import kotlinx.coroutines.flow.take
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.launch
import kotlinx.coroutines.withTimeout

class SessionsSpec :
    FunSpec({
        val server by standalone(shards = 2)

        test("ephemeral records carry the session and vanish when the client closes") {
            val owner =
                OxiaClient.connect(server.serviceAddress) { keySorting = sortingOf(server.version) }
            val created = coroutineScope {
                val subscribed = CompletableDeferred<Unit>()
                val event = async {
                    owner.sessionEvents(onSubscribed = { subscribed.complete(Unit) }).first()
                }
                withTimeout(5_000) { subscribed.await() }
                val put = owner.put("/eph/a", "mine", ephemeral = true)
                put.version.sessionId.shouldNotBeNull()
                put.version.clientIdentity shouldBe owner.config.clientIdentity
                withTimeout(5_000) { event.await() }
            }
            created.state shouldBe SessionState.CREATED
            withClient(server) { observer ->
                observer.get("/eph/a")?.version?.isEphemeral shouldBe true
                owner.shutdown()
                observer.get("/eph/a") shouldBe null
            }
        }

        test("a shutdown called by a cancelled coroutine still closes the sessions") {
            val owner =
                OxiaClient.connect(server.serviceAddress) {
                    keySorting = sortingOf(server.version)
                    sessionTimeout = 60.seconds
                }
            owner.put("/eph/cancelled-close", "x", ephemeral = true)
            coroutineScope {
                val job = launch {
                    try {
                        awaitCancellation()
                    } finally {
                        owner.shutdown()
                    }
                }
                delay(100)
                job.cancelAndJoin()
            }
            // A second call returns once the first has finished, instead of waiting forever.
            withTimeout(5_000) { owner.shutdown() }
            // Long before the session's 60 s timeout: the session was closed, not abandoned.
            withClient(server) { observer -> observer.get("/eph/cancelled-close") shouldBe null }
        }

        test("ephemeral puts racing a shutdown succeed or fail with ClientClosedException") {
            val owner =
                OxiaClient.connect(server.serviceAddress) {
                    keySorting = sortingOf(server.version)
                    sessionTimeout = 60.seconds
                }
            val keys = List(40) { "/eph/race/$it" }
            val outcomes = coroutineScope {
                // The keys fall on both shards, whose sessions are still being created when the
                // shutdown begins.
                val puts = keys.map { key ->
                    async { runCatching { owner.put(key, "x", ephemeral = true) } }
                }
                delay(2)
                owner.shutdown()
                withTimeout(10_000) { puts.awaitAll() }
            }
            outcomes.forEach { outcome ->
                outcome.exceptionOrNull()?.shouldBeInstanceOf<ClientClosedException>()
            }
            // No session outlived the shutdown, so no record of one is left.
            withClient(server) { observer -> keys.forEach { observer.get(it) shouldBe null } }
        }

        test("heartbeats keep the session alive past its timeout") {
            withClient(server, { sessionTimeout = 2.seconds }) { client ->
                client.put("/eph/kept", "x", ephemeral = true)
                delay(5_000)
                client.get("/eph/kept")?.valueAsString shouldBe "x"
            }
        }

        test(
            "a client whose heartbeats stop sees its session expire, its records gone, then a new session"
        ) {
            withClient(server, { sessionTimeout = 2.seconds }) { client ->
                client.put("/eph/before", "x", ephemeral = true, partitionKey = "s")
                coroutineScope {
                    val subscribed = CompletableDeferred<Unit>()
                    val events = async {
                        client
                            .sessionEvents(onSubscribed = { subscribed.complete(Unit) })
                            .take(2)
                            .toList()
                    }
                    withTimeout(5_000) { subscribed.await() }
                    client.tap.heartbeatsHeld.value = true
                    withTimeout(15_000) {
                        client.sessionEvents.first { it.state == SessionState.EXPIRED }
                    }
                    withTimeout(15_000) {
                        while (client.get("/eph/before", partitionKey = "s") != null) delay(200)
                    }
                    client.tap.heartbeatsHeld.value = false
                    client.put("/eph/after", "y", ephemeral = true, partitionKey = "s")
                    withTimeout(15_000) { events.await() }.map { it.state } shouldBe
                        listOf(SessionState.EXPIRED, SessionState.RECREATED)
                }
                client.get("/eph/after", partitionKey = "s")?.valueAsString shouldBe "y"
            }
        }

        test("sequence updates report the highest generated key in order") {
            withClient(server) { client ->
                coroutineScope {
                    val established = CompletableDeferred<Unit>()
                    val updates = async {
                        client
                            .sequenceUpdates(
                                "/sq/q",
                                "p",
                                onEstablished = { established.complete(Unit) },
                            )
                            .take(3)
                            .toList()
                    }
                    withTimeout(5_000) { established.await() }
                    val keys =
                        (1..3).map {
                            delay(
                                300
                            ) // slower than the server collapses updates, so that each one is seen
                            client
                                .put(
                                    "/sq/q",
                                    "v",
                                    partitionKey = "p",
                                    sequenceKeyDeltas = listOf(1),
                                )
                                .key
                        }
                    val seen = withTimeout(10_000) { updates.await() }
                    seen.last() shouldBe keys.last()
                    seen shouldBe seen.sorted()
                }
            }
        }

        test("a sequence key generated as soon as the subscription is established is reported") {
            withClient(server) { client ->
                // Returns once the key put right after the signal was reported.
                suspend fun putAfterEstablished(prefix: String) = coroutineScope {
                    val established = CompletableDeferred<Unit>()
                    val written = CompletableDeferred<String>()
                    val reported = async {
                        client
                            .sequenceUpdates(
                                prefix,
                                "p",
                                onEstablished = { established.complete(Unit) },
                            )
                            .first { it == written.await() }
                    }
                    withTimeout(5_000) { established.await() }
                    written.complete(
                        client
                            .put(prefix, "v", partitionKey = "p", sequenceKeyDeltas = listOf(1))
                            .key
                    )
                    withTimeout(10_000) { reported.await() }
                }
                // No key under the prefix yet: the server says nothing before the first one.
                putAfterEstablished("/sq/fresh")
                // One key already: it comes first (if the stream opened before the put), then the
                // new one.
                putAfterEstablished("/sq/fresh")
            }
        }
    })
