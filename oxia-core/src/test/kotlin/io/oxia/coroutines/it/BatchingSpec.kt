package io.oxia.coroutines.it

import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldBeEmpty
import io.kotest.matchers.shouldBe
import io.oxia.coroutines.delete
import io.oxia.coroutines.get
import io.oxia.coroutines.put
import java.util.concurrent.ConcurrentHashMap
import kotlin.time.Duration.Companion.milliseconds
import kotlinx.coroutines.CoroutineStart
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.async
import kotlinx.coroutines.awaitAll
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.launch
import kotlinx.coroutines.withContext

class BatchingSpec :
    FunSpec({
        val server by standalone(shards = 3)

        test("thousands of concurrent writes and reads through small batches all complete") {
            withClient(server, { maxBatchOperations = 16 }) { client ->
                coroutineScope {
                    (1..3000).map { i -> async { client.put("/batch/$i", "v$i") } }.awaitAll()
                    val values =
                        (1..3000)
                            .map { i -> async { client.get("/batch/$i")?.valueAsString } }
                            .awaitAll()
                    values shouldBe (1..3000).map { "v$it" }
                }
            }
        }

        test("callers on the default dispatcher get their own answers, on its threads") {
            // Answers of a batch resume their callers one after the other: each must get its own
            // answer, and go on in a thread of its own dispatcher, never in gRPC's or the
            // client's.
            withClient(server) { client ->
                val threads = ConcurrentHashMap.newKeySet<String>()
                withContext(Dispatchers.Default) {
                    (1..2000)
                        .map { i ->
                            async {
                                client.put("/in-place/$i", "v$i")
                                threads += Thread.currentThread().name
                                client.get("/in-place/$i")?.valueAsString.also {
                                    threads += Thread.currentThread().name
                                }
                            }
                        }
                        .awaitAll() shouldBe (1..2000).map { "v$it" }
                }
                threads.filterNot { it.startsWith("DefaultDispatcher-worker") }.shouldBeEmpty()
            }
        }

        test("a delete followed by a put of the same key is not reordered inside a batch") {
            // A linger makes both writes wait for the same batch, were it not for the ordering
            // rule.
            withClient(server, { batchLinger = 20.milliseconds }) { client ->
                repeat(50) { round ->
                    val key = "/order-in-batch/$round"
                    client.put(key, "old")
                    coroutineScope {
                        // Both are queued before either is sent, so they would share a batch.
                        launch(start = CoroutineStart.UNDISPATCHED) { client.delete(key) }
                        launch(start = CoroutineStart.UNDISPATCHED) { client.put(key, "new") }
                    }
                    client.get(key)?.valueAsString shouldBe "new"
                }
            }
        }
    })
