package io.oxia.coroutines.it

import io.kotest.assertions.withClue
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldBeEmpty
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.types.shouldBeInstanceOf
import io.oxia.coroutines.InvalidArgumentException
import io.oxia.coroutines.OxiaClient
import io.oxia.coroutines.PutResult
import io.oxia.coroutines.get
import io.oxia.coroutines.put
import kotlin.time.Duration.Companion.milliseconds
import kotlinx.coroutines.async
import kotlinx.coroutines.awaitAll
import kotlinx.coroutines.coroutineScope

/**
 * A sequence put the server refuses at apply time (fewer deltas than the sequence has) makes it
 * refuse its whole batch: the put fails with the server's reason, and the writes batched with it,
 * none of which was applied, are sent again.
 */
class RefusedSequencePutSpec :
    FunSpec({
        val server by standalone(shards = 3)

        fun suffix(n: Long) = "-%020d".format(n)

        /** Puts 20 ordinary records and [sequencePuts] together, so that they share a batch. */
        suspend fun OxiaClient.together(
            prefix: String,
            partition: String,
            sequencePuts: List<List<Long>>,
        ): Pair<List<Result<PutResult>>, List<Result<PutResult>>> = coroutineScope {
            val plain =
                (0 until 20).map { i ->
                    async {
                        runCatching { put("$prefix/plain-$i", "v$i", partitionKey = partition) }
                    }
                }
            val sequences = sequencePuts.map { deltas ->
                async {
                    runCatching {
                        put(
                            "$prefix/seq",
                            "s",
                            partitionKey = partition,
                            sequenceKeyDeltas = deltas,
                        )
                    }
                }
            }
            plain.awaitAll() to sequences.awaitAll()
        }

        fun Result<PutResult>.shouldBeRefusedForMissingDeltas() {
            val e = exceptionOrNull()
            withClue("the sequence put with too few deltas") {
                e.shouldBeInstanceOf<InvalidArgumentException>()
            }
            e!!.message shouldContain "missing some sequence deltas"
        }

        suspend fun OxiaClient.shouldHoldAll(
            prefix: String,
            partition: String,
            plain: List<Result<PutResult>>,
        ) {
            plain.mapNotNull { it.exceptionOrNull() }.shouldBeEmpty()
            plain.forEachIndexed { i, _ ->
                get("$prefix/plain-$i", partitionKey = partition)?.valueAsString shouldBe "v$i"
            }
        }

        test("a refused sequence put fails alone with the server's reason; its batch is resent") {
            withClient(server, { batchLinger = 5.milliseconds }) { client ->
                val p = "refused-one"
                client.put("/r1/seq", "s", partitionKey = p, sequenceKeyDeltas = listOf(1, 1))
                val (plain, sequences) = client.together("/r1", p, listOf(listOf(1L)))
                sequences.single().shouldBeRefusedForMissingDeltas()
                client.shouldHoldAll("/r1", p, plain)
                // The refused put was not applied: the sequence goes on from where it was.
                client
                    .put("/r1/seq", "s", partitionKey = p, sequenceKeyDeltas = listOf(1, 1))
                    .key shouldBe "/r1/seq${suffix(2)}${suffix(2)}"
            }
        }

        test("of several sequence puts in a refused batch, only the refused one fails") {
            withClient(server, { batchLinger = 5.milliseconds }) { client ->
                val p = "refused-several"
                client.put("/r2/seq", "s", partitionKey = p, sequenceKeyDeltas = listOf(1, 1))
                val (plain, sequences) =
                    client.together("/r2", p, listOf(listOf(1L, 1L), listOf(1L), listOf(2L, 1L)))
                sequences[1].shouldBeRefusedForMissingDeltas()
                sequences[0].getOrThrow()
                sequences[2].getOrThrow()
                client.shouldHoldAll("/r2", p, plain)
                client
                    .put("/r2/seq", "s", partitionKey = p, sequenceKeyDeltas = listOf(1, 1))
                    .key shouldBe "/r2/seq${suffix(5)}${suffix(4)}"
            }
        }
    })
