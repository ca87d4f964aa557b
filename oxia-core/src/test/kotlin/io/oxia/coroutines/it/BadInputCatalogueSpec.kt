package io.oxia.coroutines.it

import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.longs.shouldBeLessThan
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.oxia.coroutines.ClientClosedException
import io.oxia.coroutines.InvalidArgumentException
import io.oxia.coroutines.NamespaceNotFoundException
import io.oxia.coroutines.OxiaClient
import io.oxia.coroutines.OxiaClientBuilder
import io.oxia.coroutines.OxiaTimeoutException
import io.oxia.coroutines.PutOptions
import io.oxia.coroutines.SecondaryIndex
import io.oxia.coroutines.delete
import io.oxia.coroutines.get
import io.oxia.coroutines.list
import io.oxia.coroutines.notifications
import io.oxia.coroutines.put
import io.oxia.coroutines.rangeScan
import java.net.ServerSocket
import kotlin.time.Duration
import kotlin.time.Duration.Companion.minutes
import kotlin.time.Duration.Companion.seconds
import kotlinx.coroutines.async
import kotlinx.coroutines.awaitAll
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.flow.first
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.withTimeout

/**
 * The bad-input catalogue of the README, one test per row, against a real server: each input fails
 * with a typed error and a clear message, no call hangs, and nothing acknowledged is lost.
 */
class BadInputCatalogueSpec :
    FunSpec({
        val server by standalone(shards = 2)
        val acknowledged = mutableMapOf<String, String>()

        /** A catalogue row: [block] runs with a client and must finish within 10 s. */
        fun row(
            name: String,
            configure: OxiaClientBuilder.() -> Unit = {},
            block: suspend (OxiaClient) -> Unit,
        ) =
            test(name) {
                withTimeout(10.seconds) {
                    withClient(server, configure) { client ->
                        val key = "/catalogue/${acknowledged.size}"
                        client.put(key, "kept")
                        acknowledged[key] = "kept"
                        block(client)
                    }
                }
            }

        suspend fun millisToFail(block: suspend () -> Unit): Long {
            val started = System.nanoTime()
            block()
            return (System.nanoTime() - started) / 1_000_000
        }

        row("key in Oxia's internal namespace") { client ->
            shouldThrow<InvalidArgumentException> { client.put("__oxia/x", "x") }
                .message shouldContain "__oxia/"
        }

        row("lone UTF-16 surrogate") { client ->
            shouldThrow<InvalidArgumentException> { client.put("/a\uD800", "x") }
                .message shouldContain "surrogate at index 2"
            shouldThrow<InvalidArgumentException> {
                    client.put(
                        "/a",
                        "x",
                        secondaryIndexes = listOf(SecondaryIndex("idx", "\uDC00")),
                    )
                }
                .message shouldContain "secondary key"
            shouldThrow<InvalidArgumentException> { client.list("/a", "/b\uD800").first() }
                .message shouldContain "endExclusive"
        }

        row("huge key", { maxKeyBytes = 1024 }) { client ->
            shouldThrow<InvalidArgumentException> { client.put("/" + "k".repeat(1024), "x") }
                .message shouldContain "maxKeyBytes (1024)"
            shouldThrow<InvalidArgumentException> { client.deleteRange("/", "/" + "é".repeat(600)) }
                .message shouldContain "1201 bytes"
            client.put("/" + "k".repeat(1023), "fits").key.length shouldBe 1024
        }

        row("value larger than maxValueBytes", { maxValueBytes = 1024 }) { client ->
            shouldThrow<InvalidArgumentException> {
                    client.put("/big", ByteArray(1025), PutOptions.DEFAULT)
                }
                .message shouldContain "more than maxValueBytes (1024)"
            client.get("/big") shouldBe null
        }

        row("invalid expected version") { client ->
            shouldThrow<InvalidArgumentException> { client.put("/v", "x", expectedVersionId = -7) }
                .message shouldContain "expectedVersionId"
            shouldThrow<InvalidArgumentException> { client.delete("/v", expectedVersionId = -1) }
                .message shouldContain "expectedVersionId"
            client.get("/v") shouldBe null
        }

        row("sequence deltas without partition key, zero or negative") { client ->
            shouldThrow<InvalidArgumentException> {
                    client.put("/seq", "x", sequenceKeyDeltas = listOf(1))
                }
                .message shouldContain "partitionKey"
            shouldThrow<InvalidArgumentException> {
                    client.put("/seq", "x", partitionKey = "p", sequenceKeyDeltas = listOf(0))
                }
                .message shouldContain "first sequence key delta must be > 0"
            shouldThrow<InvalidArgumentException> {
                    client.put("/seq", "x", partitionKey = "p", sequenceKeyDeltas = listOf(1, -1))
                }
                .message shouldContain "must not be negative"
        }

        row("session timeout outside [2 s, 5 min]") { _ ->
            for (timeout in listOf(1.seconds, 6.minutes, Duration.ZERO)) {
                shouldThrow<InvalidArgumentException> {
                        OxiaClient.connect(server.serviceAddress) { sessionTimeout = timeout }
                    }
                    .message shouldContain "sessionTimeout"
            }
        }

        row("unknown namespace") { _ ->
            millisToFail {
                shouldThrow<NamespaceNotFoundException> {
                        OxiaClient.connect(server.serviceAddress) {
                            namespace = "no-such-namespace"
                        }
                    }
                    .namespace shouldBe "no-such-namespace"
            } shouldBeLessThan 2_000
        }

        row("wrong address or port") { _ ->
            shouldThrow<InvalidArgumentException> { OxiaClient.connect("localhost") }
                .message shouldContain "host:port"
            val port = ServerSocket(0).use { it.localPort }
            millisToFail {
                shouldThrow<OxiaTimeoutException> {
                        OxiaClient.connect("127.0.0.1:$port") { connectTimeout = 2.seconds }
                    }
                    .message shouldContain "127.0.0.1:$port"
            } shouldBeLessThan 4_000
        }

        row("calls and flows after close; close twice") { _ ->
            val client =
                OxiaClient.connect(server.serviceAddress) { keySorting = sortingOf(server.version) }
            client.shutdown()
            client.shutdown()
            client.close()
            shouldThrow<ClientClosedException> { client.put("/closed", "x") }
            shouldThrow<ClientClosedException> { client.get("/closed") }
            // Flows are made without failing and fail when collected, like Java publishers: a
            // range read, whose answer would be partial. Endless flows complete at once.
            val keys = client.list("/", "/~")
            shouldThrow<ClientClosedException> { keys.first() }
            shouldThrow<ClientClosedException> { client.rangeScan("/", "/~").first() }
            client.notifications().toList() shouldBe emptyList()
            client.sequenceUpdates("/s", "p").toList() shouldBe emptyList()
            client.sessionEvents.toList() shouldBe emptyList()
        }

        row("close concurrent with in-flight calls") { _ ->
            val client =
                OxiaClient.connect(server.serviceAddress) { keySorting = sortingOf(server.version) }
            val outcomes = coroutineScope {
                val writes =
                    (1..2000).map { i ->
                        async {
                            try {
                                "/inflight/$i".also { client.put(it, "v$i") }
                            } catch (e: ClientClosedException) {
                                null
                            }
                        }
                    }
                client.shutdown()
                writes.awaitAll()
            }
            outcomes.filterNotNull().forEach { acknowledged[it] = "v${it.substringAfterLast('/')}" }
        }

        test("nothing acknowledged was lost") {
            withClient(server) { client ->
                acknowledged.forEach { (key, value) ->
                    client.get(key)?.valueAsString shouldBe value
                }
            }
        }
    })
