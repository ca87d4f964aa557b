package io.oxia.coroutines.recipes.it

import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.oxia.coroutines.ClientClosedException
import io.oxia.coroutines.GetOptions
import io.oxia.coroutines.GetResult
import io.oxia.coroutines.OxiaClient
import io.oxia.coroutines.delete
import io.oxia.coroutines.put
import io.oxia.coroutines.recipes.CacheChange
import io.oxia.coroutines.recipes.CacheCodec
import io.oxia.coroutines.recipes.OxiaCache
import java.util.concurrent.atomic.AtomicInteger
import kotlin.time.Duration
import kotlin.time.Duration.Companion.seconds
import kotlin.time.TimeSource
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.async
import kotlinx.coroutines.awaitAll
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.delay
import kotlinx.coroutines.flow.onSubscription
import kotlinx.coroutines.flow.take
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.withTimeout

/** A client that counts its reads, to tell an answer from memory from a read of the server. */
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

        test("the prefix is loaded, served from memory, and a write by another client shows") {
            withClients(server, 2) { (a, writer) ->
                val reader = CountingReads(a)
                writer.put("/cache/fresh/k", "old")
                writer.put("/cache/fresh/other", "x")
                writer.put("/cache/fresh/deeper/k", "not a key of the cache")
                OxiaCache(reader, "/cache/fresh/", CacheCodec.UTF8).use { cache ->
                    cache.awaitLoaded()
                    cache.snapshot().mapValues { it.value.value } shouldBe
                        mapOf("/cache/fresh/k" to "old", "/cache/fresh/other" to "x")
                    repeat(50) { cache.get("/cache/fresh/k")!!.value shouldBe "old" }
                    cache.get("/cache/fresh/missing") shouldBe null
                    reader.reads.get() shouldBe 0 // all from memory
                    val writtenAt = TimeSource.Monotonic.markNow()
                    writer.put("/cache/fresh/k", "new")
                    var seenNewAfter: Duration? = null
                    val values = mutableListOf<String>()
                    while (writtenAt.elapsedNow() < 2.seconds) {
                        val value = cache.get("/cache/fresh/k")!!.value
                        if (value == "new" && seenNewAfter == null) {
                            seenNewAfter = writtenAt.elapsedNow()
                        }
                        values += value
                        delay(2)
                    }
                    println("cache: new value served $seenNewAfter after the write")
                    (seenNewAfter!! < 1.seconds) shouldBe true
                    // Once the change was applied, never the old value again.
                    values.dropWhile { it == "old" }.toSet() shouldBe setOf("new")
                    // The read the change caused, and maybe one by a get while it was under way.
                    (reader.reads.get() in 1..2) shouldBe true
                }
            }
        }

        test("deletions and creations by another client reach get and the changes flow, in order") {
            withClients(server, 2) { (reader, writer) ->
                OxiaCache(reader, "/cache/deleted/", CacheCodec.UTF8).use { cache ->
                    coroutineScope {
                        val key = "/cache/deleted/k"
                        cache.get(key) shouldBe null
                        val subscribed = CompletableDeferred<Unit>()
                        val seen = async {
                            cache.changes
                                .onSubscription { subscribed.complete(Unit) }
                                .take(3)
                                .toList()
                        }
                        subscribed.await()
                        writer.put(key, "born")
                        waitFor { cache.get(key)?.value == "born" }
                        writer.delete(key) shouldBe true
                        waitFor { cache.get(key) == null }
                        writer.put(key, "again")
                        val changes = withTimeout(5_000) { seen.await() }
                        changes.map(::describe) shouldBe listOf("born", "removed", "again")
                    }
                }
            }
        }

        test("a bounded cache keeps the most recently used keys and reads evicted ones again") {
            withClients(server, 2) { (a, writer) ->
                val reader = CountingReads(a)
                (1..5).forEach { writer.put("/cache/bounded/k$it", "v$it") }
                OxiaCache(reader, "/cache/bounded/", CacheCodec.UTF8, maxEntries = 3).use { cache ->
                    (1..5).forEach { cache.get("/cache/bounded/k$it")!!.value shouldBe "v$it" }
                    reader.reads.get() shouldBe 5
                    cache.snapshot().keys shouldBe (3..5).map { "/cache/bounded/k$it" }.toSet()
                    cache.get("/cache/bounded/k5")!!.value shouldBe "v5"
                    reader.reads.get() shouldBe 5 // held
                    // Changed while evicted: no notification applies to it, the read sees it.
                    writer.put("/cache/bounded/k1", "changed")
                    cache.get("/cache/bounded/k1")!!.value shouldBe "changed"
                    // Once more if the write's notification came while the read was under way (the
                    // read's fill is refused), and once more by the refresher of notified keys,
                    // which reads the slot the get made while it was still empty.
                    (reader.reads.get() in 6..8) shouldBe true
                    cache.snapshot().size shouldBe 3
                }
            }
        }

        test("after the client closes, get fails instead of serving a cached value or hanging") {
            val client = connect(server)
            val cache = OxiaCache(client, "/cache/closed/", CacheCodec.UTF8)
            client.put("/cache/closed/k", "v")
            cache.get("/cache/closed/k")!!.value shouldBe "v"
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

        test("concurrent updates from two clients lose no increment, and each reads its own") {
            withClients(server, 2) { clients ->
                val key = "/cache/counter/n"
                val perClient = 20
                coroutineScope {
                    clients
                        .map { client ->
                            async {
                                OxiaCache(client, "/cache/counter/", IntCodec).use { cache ->
                                    repeat(perClient) {
                                        val written = cache.readModifyUpdate(key) { (it ?: 0) + 1 }
                                        // Read-your-writes: the cache never serves an older one.
                                        (cache.get(key)!!.versionId >= written.versionId) shouldBe
                                            true
                                    }
                                }
                            }
                        }
                        .awaitAll()
                }
                OxiaCache(clients[0], "/cache/counter/", IntCodec).use {
                    it.get(key)!!.value shouldBe 2 * perClient
                }
            }
        }
    })

/** Integers stored as decimal text. */
internal object IntCodec : CacheCodec<Int> {
    override fun encode(value: Int): ByteArray = value.toString().encodeToByteArray()

    override fun decode(bytes: ByteArray): Int = bytes.decodeToString().toInt()
}

private fun describe(change: CacheChange<String>): String = change.value?.value ?: "removed"

private suspend fun waitFor(condition: suspend () -> Boolean) {
    val start = TimeSource.Monotonic.markNow()
    while (!condition()) {
        check(start.elapsedNow() < 2.seconds) { "not within 2 s" }
        delay(5)
    }
}
