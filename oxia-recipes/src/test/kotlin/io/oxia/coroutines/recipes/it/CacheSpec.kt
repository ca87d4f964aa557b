package io.oxia.coroutines.recipes.it

import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.oxia.coroutines.ClientClosedException
import io.oxia.coroutines.GetOptions
import io.oxia.coroutines.GetResult
import io.oxia.coroutines.OxiaClient
import io.oxia.coroutines.delete
import io.oxia.coroutines.put
import io.oxia.coroutines.recipes.OxiaCache
import java.util.concurrent.atomic.AtomicInteger
import kotlin.time.Duration
import kotlin.time.Duration.Companion.seconds
import kotlin.time.TimeSource
import kotlinx.coroutines.async
import kotlinx.coroutines.awaitAll
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.delay
import kotlinx.coroutines.withTimeout

/** A client that counts its reads, to tell a cache hit from a read of the server. */
private class CountingReads(private val real: OxiaClient) : OxiaClient by real {
    val reads = AtomicInteger()

    override suspend fun get(key: String, options: GetOptions): GetResult? {
        reads.incrementAndGet()
        return real.get(key, options)
    }
}

class CacheSpec :
    FunSpec({
        val server by standalone()

        test("a write by another client shows within 2 s, and the old value never again") {
            withClients(server, 2) { (a, writer) ->
                val reader = CountingReads(a)
                OxiaCache(reader, "/cache/fresh/").use { cache ->
                    val key = "/cache/fresh/k"
                    writer.put(key, "old")
                    cache.get(key)!!.valueAsString shouldBe "old"
                    repeat(50) { cache.get(key)!!.valueAsString shouldBe "old" }
                    reader.reads.get() shouldBe 1 // served from memory after the first read
                    val clock = TimeSource.Monotonic
                    val writtenAt = clock.markNow()
                    writer.put(key, "new")
                    var seenNewAfter: Duration? = null
                    val values = mutableListOf<String>()
                    while (writtenAt.elapsedNow() < 3.seconds) {
                        val value = cache.get(key)!!.valueAsString!!
                        if (value == "new" && seenNewAfter == null) {
                            seenNewAfter = writtenAt.elapsedNow()
                        }
                        values += value
                        delay(2)
                    }
                    println("cache: new value served $seenNewAfter after the write")
                    (seenNewAfter!! < 2.seconds) shouldBe true
                    // Once the change was applied, never the old value again.
                    values.dropWhile { it == "old" }.toSet() shouldBe setOf("new")
                    (reader.reads.get() in 2..3) shouldBe true
                }
            }
        }

        test("a deletion by another client is seen, then a new creation") {
            withClients(server, 2) { (reader, writer) ->
                OxiaCache(reader, "/cache/deleted/").use { cache ->
                    val key = "/cache/deleted/k"
                    cache.get(key) shouldBe null
                    writer.put(key, "born")
                    waitFor { cache.get(key)?.valueAsString == "born" }
                    writer.delete(key) shouldBe true
                    waitFor { cache.get(key) == null }
                }
            }
        }

        test("after the client closes, get fails instead of serving a cached value or hanging") {
            val client = connect(server)
            val cache = OxiaCache(client, "/cache/closed/")
            client.put("/cache/closed/k", "v")
            cache.get("/cache/closed/k")!!.valueAsString shouldBe "v"
            client.shutdown()
            // The subscription ends with the client, an instant after shutdown returns.
            val failure =
                withTimeout(5_000) {
                    var outcome = runCatching { cache.get("/cache/closed/k") }
                    while (outcome.isSuccess) {
                        delay(5)
                        outcome = runCatching { cache.get("/cache/closed/k") }
                    }
                    outcome.exceptionOrNull()!!
                }
            failure::class shouldBe ClientClosedException::class
            cache.close()
            runCatching { cache.get("/cache/closed/k") }.exceptionOrNull()!!::class shouldBe
                IllegalStateException::class
        }

        test("concurrent updates from two clients lose no increment, and each sees its own") {
            withClients(server, 2) { clients ->
                val key = "/cache/counter/n"
                val perClient = 20
                coroutineScope {
                    clients
                        .map { client ->
                            async {
                                OxiaCache(client, "/cache/counter/").use { cache ->
                                    repeat(perClient) {
                                        val written =
                                            cache.update(key) { old ->
                                                ((old?.decodeToString()?.toInt() ?: 0) + 1)
                                                    .toString()
                                                    .toByteArray()
                                            }
                                        // Read-your-writes: the cache never serves an older one.
                                        val read = cache.get(key)!!
                                        (read.version.versionId >=
                                            written.version.versionId) shouldBe true
                                    }
                                }
                            }
                        }
                        .awaitAll()
                }
                OxiaCache(clients[0], "/cache/counter/").use {
                    it.get(key)!!.valueAsString shouldBe "${2 * perClient}"
                }
            }
        }
    })

private suspend fun waitFor(condition: suspend () -> Boolean) {
    val start = TimeSource.Monotonic.markNow()
    while (!condition()) {
        check(start.elapsedNow() < 2.seconds) { "not within 2 s" }
        delay(5)
    }
}
