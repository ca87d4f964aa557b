package io.oxia.coroutines.it

import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.oxia.coroutines.delete
import io.oxia.coroutines.get
import io.oxia.coroutines.put
import kotlin.time.Duration.Companion.milliseconds
import kotlinx.coroutines.CoroutineStart
import kotlinx.coroutines.async
import kotlinx.coroutines.awaitAll
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.launch

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
