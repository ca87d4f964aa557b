package io.oxia.coroutines.it.reliability

import io.kotest.assertions.fail
import io.kotest.assertions.withClue
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.longs.shouldBeLessThan
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.types.shouldBeInstanceOf
import io.oxia.coroutines.OxiaClientBuilder
import io.oxia.coroutines.OxiaException
import io.oxia.coroutines.OxiaTimeoutException
import io.oxia.coroutines.PutOptions
import io.oxia.coroutines.it.standalone
import io.oxia.coroutines.it.withClient
import io.oxia.coroutines.list
import io.oxia.coroutines.put
import io.oxia.coroutines.rangeScan
import kotlin.time.Duration.Companion.milliseconds
import kotlin.time.Duration.Companion.seconds
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.async
import kotlinx.coroutines.awaitAll
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.delay
import kotlinx.coroutines.flow.collectIndexed
import kotlinx.coroutines.flow.onEach
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.withContext
import kotlinx.coroutines.withTimeoutOrNull

/**
 * A standalone server that stops answering (SIGSTOP) while range reads run: its connection stays
 * open, so only the client's own timer can end them. Each read must fail with a typed timeout
 * within the request timeout, whether the server stalls before its first answer or between two,
 * while a collector that is slow by itself must not be taken for a stalled server.
 */
class StalledRangeReadSpec :
    FunSpec({
        val server by standalone(shards = 3)
        val requestTimeout = 2.seconds
        // The request timeout plus a margin for the JVM, the merge and the check itself.
        val bound = requestTimeout + 2.seconds
        val report by lazy { ReliabilityReport("stalled-range-read-${server.version}") }
        val shortTimeouts: OxiaClientBuilder.() -> Unit = {
            this.requestTimeout = requestTimeout
            connectTimeout = requestTimeout
        }

        /**
         * The error [read] ended with; fails the test when it succeeds or has not ended in 10 s, so
         * that a read that hangs fails the test instead of hanging it.
         */
        suspend fun failureOf(read: suspend () -> Unit): OxiaException {
            val outcome: Any? =
                withTimeoutOrNull(10.seconds) {
                    try {
                        read()
                        "succeeded"
                    } catch (e: OxiaException) {
                        e
                    }
                }
            return outcome as? OxiaException
                ?: fail("the read ${outcome ?: "had not ended after 10 s"} with the server paused")
        }

        fun OxiaException.shouldNameTheStalledServer() {
            shouldBeInstanceOf<OxiaTimeoutException>()
            message shouldContain "shard"
            message shouldContain server.serviceAddress
        }

        suspend fun <T> whilePaused(block: suspend () -> T): T {
            withContext(Dispatchers.IO) { server.pause() }
            try {
                return block()
            } finally {
                withContext(Dispatchers.IO) { server.resume() }
            }
        }

        test("a stalled server fails list and range scan within the request timeout") {
            val keys = (0 until 50).map { "/stall-%02d".format(it) }
            withClient(server, shortTimeouts) { client ->
                keys.forEach { client.put(it, it) }
                val reads =
                    listOf<Pair<String, suspend () -> List<String>>>(
                        "list" to { client.list("/stall-", "/stall-~").toList() },
                        "rangeScan" to
                            {
                                client.rangeScan("/stall-", "/stall-~").toList().map { it.key }
                            },
                    )
                whilePaused {
                    for ((name, read) in reads) {
                        val start = System.nanoTime()
                        val failure = failureOf { read() }
                        val millis = (System.nanoTime() - start) / 1_000_000
                        report.line(
                            "$name, server paused: ${failure::class.simpleName} after $millis ms: " +
                                failure.message
                        )
                        withClue("$name failed with $failure") {
                            failure.shouldNameTheStalledServer()
                            millis shouldBeLessThan bound.inWholeMilliseconds
                        }
                    }
                }
                for ((_, read) in reads) read() shouldBe keys
            }
        }

        test(
            "a server that stalls between two answers fails the scan within the request timeout, " +
                "while a slow collector does not"
        ) {
            // 800 records of 16 KiB on one shard: the server answers in several messages (at most
            // 2 MiB each), far more than the connection buffers ahead of the collector.
            val keys = (0 until 800).map { "/big-%03d".format(it) }
            val value = ByteArray(16 * 1024)
            val options = PutOptions(partitionKey = "big")
            withClient(server, shortTimeouts) { client ->
                keys.chunked(100).forEach { chunk ->
                    coroutineScope {
                        chunk.map { async { client.put(it, value, options) } }.awaitAll()
                    }
                }
                val scan = { client.rangeScan("/big-", "/big-~", partitionKey = "big") }

                // The collector takes longer than the request timeout over its first record.
                var first = true
                scan()
                    .onEach {
                        if (first) delay(requestTimeout + 1.seconds)
                        first = false
                    }
                    .toList()
                    .map { it.key } shouldBe keys

                var pausedAt = 0L
                val failure = failureOf {
                    scan().collectIndexed { index, _ ->
                        if (index == 0) {
                            withContext(Dispatchers.IO) { server.pause() }
                            pausedAt = System.nanoTime()
                        }
                    }
                }
                val millis = (System.nanoTime() - pausedAt) / 1_000_000
                withContext(Dispatchers.IO) { server.resume() }
                report.line(
                    "rangeScan, server paused after the first answer: " +
                        "${failure::class.simpleName} $millis ms after the pause: ${failure.message}"
                )
                withClue("the scan failed with $failure") {
                    failure.shouldNameTheStalledServer()
                    millis shouldBeLessThan bound.inWholeMilliseconds
                }
                scan().toList().map { it.key } shouldBe keys
            }
        }

        test(
            "a slow collector of a scan merged from every shard is not taken for a stalled server"
        ) {
            // 12.5 MiB over 3 shards on one connection, read by a collector that takes twice the
            // request timeout in all, the first record alone longer than it.
            val keys = (0 until 800).map { "/wide-%03d".format(it) }
            val value = ByteArray(16 * 1024)
            withClient(server, shortTimeouts) { client ->
                keys.chunked(100).forEach { chunk ->
                    coroutineScope {
                        chunk.map { async { client.put(it, value, PutOptions.DEFAULT) } }.awaitAll()
                    }
                }
                var first = true
                val start = System.nanoTime()
                client
                    .rangeScan("/wide-", "/wide-~")
                    .onEach {
                        delay(if (first) requestTimeout + 1.seconds else 5.milliseconds)
                        first = false
                    }
                    .toList()
                    .map { it.key } shouldBe keys
                report.line(
                    "rangeScan of 3 shards, slow collector: all ${keys.size} records in " +
                        "${(System.nanoTime() - start) / 1_000_000} ms"
                )
            }
        }
    })
