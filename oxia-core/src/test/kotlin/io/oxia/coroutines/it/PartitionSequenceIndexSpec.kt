package io.oxia.coroutines.it

import io.grpc.Status
import io.grpc.StatusRuntimeException
import io.kotest.assertions.throwables.shouldThrowAny
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.nulls.shouldNotBeNull
import io.kotest.matchers.shouldBe
import io.oxia.coroutines.KeyComparison
import io.oxia.coroutines.SecondaryIndex
import io.oxia.coroutines.delete
import io.oxia.coroutines.get
import io.oxia.coroutines.put
import kotlin.time.Duration.Companion.seconds
import kotlinx.coroutines.withTimeout

class PartitionSequenceIndexSpec :
    FunSpec({
        val server by standalone(shards = 3)

        test("records written with a partition key are read and deleted with it") {
            withClient(server) { client ->
                client.put("/part/a", "1", partitionKey = "tenant-1")
                client.get("/part/a", partitionKey = "tenant-1")?.valueAsString shouldBe "1"
                client.delete("/part/a", partitionKey = "tenant-1") shouldBe true
                client.get("/part/a", partitionKey = "tenant-1") shouldBe null
            }
        }

        test("an empty partition key is a valid routing key") {
            withClient(server) { client ->
                client.put("/part/empty", "e", partitionKey = "")
                client.get("/part/empty", partitionKey = "")?.valueAsString shouldBe "e"
            }
        }

        test("sequence keys take the documented zero-padded suffixes") {
            withClient(server) { client ->
                val p = "queue-partition"
                client
                    .put("/seq/q", "a", partitionKey = p, sequenceKeyDeltas = listOf(1))
                    .key shouldBe "/seq/q-00000000000000000001"
                client
                    .put("/seq/q", "b", partitionKey = p, sequenceKeyDeltas = listOf(3))
                    .key shouldBe "/seq/q-00000000000000000004"
                client
                    .put("/seq/q", "c", partitionKey = p, sequenceKeyDeltas = listOf(1, 6))
                    .key shouldBe "/seq/q-00000000000000000005-00000000000000000006"
                client.get("/seq/q-00000000000000000004", partitionKey = p)?.valueAsString shouldBe
                    "b"
            }
        }

        test("an exception thrown by a sequence-updates collector reaches it unchanged") {
            withClient(server) { client ->
                client.put("/seq-throw/q", "a", partitionKey = "p", sequenceKeyDeltas = listOf(1))
                // A gRPC status is what the stream's own failures look like: it must not be taken
                // for one and retried.
                val thrown = StatusRuntimeException(Status.UNAVAILABLE.withDescription("mine"))
                val caught = shouldThrowAny {
                    withTimeout(10.seconds) {
                        client.sequenceUpdates("/seq-throw/q", "p").collect { throw thrown }
                    }
                }
                caught shouldBe thrown
            }
        }
        test(
            "a record is found through each of its secondary keys, and the answer names both keys"
        ) {
            withClient(server) { client ->
                client.put(
                    "/idx/user-1",
                    "alice",
                    secondaryIndexes =
                        listOf(
                            SecondaryIndex("email", "alice@x.io"),
                            SecondaryIndex("email", "a@x.io"),
                        ),
                )
                client.put(
                    "/idx/user-2",
                    "bob",
                    secondaryIndexes = listOf(SecondaryIndex("email", "bob@x.io")),
                )
                val byEmail = client.get("bob@x.io", secondaryIndexName = "email").shouldNotBeNull()
                byEmail.key shouldBe "/idx/user-2"
                byEmail.secondaryIndexKey shouldBe "bob@x.io"
                byEmail.valueAsString shouldBe "bob"
                client.get("a@x.io", secondaryIndexName = "email")?.key shouldBe "/idx/user-1"
                client.get("nobody@x.io", secondaryIndexName = "email") shouldBe null
            }
        }

        test("floor and ceiling through a secondary index compare secondary keys across shards") {
            withClient(server) { client ->
                (1..9).forEach { i ->
                    client.put(
                        "/rank/p$i",
                        "v$i",
                        secondaryIndexes = listOf(SecondaryIndex("rank", "r$i")),
                    )
                }
                client
                    .get("r5x", comparison = KeyComparison.FLOOR, secondaryIndexName = "rank")
                    ?.key shouldBe "/rank/p5"
                client
                    .get("r5x", comparison = KeyComparison.CEILING, secondaryIndexName = "rank")
                    ?.key shouldBe "/rank/p6"
                client
                    .get("r5", comparison = KeyComparison.HIGHER, secondaryIndexName = "rank")
                    ?.key shouldBe "/rank/p6"
                client
                    .get("r5", comparison = KeyComparison.LOWER, secondaryIndexName = "rank")
                    ?.key shouldBe "/rank/p4"
            }
        }
    })
