package io.oxia.coroutines.it

import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.ints.shouldBeLessThan
import io.kotest.matchers.shouldBe
import io.oxia.coroutines.SecondaryIndex
import io.oxia.coroutines.list
import io.oxia.coroutines.put
import io.oxia.coroutines.rangeScan
import kotlinx.coroutines.flow.toList

class IndexRangeSpec :
    FunSpec({
        val server by standalone(shards = 4)

        test(
            "through a secondary index, each shard's records come in secondary-key order, shard after shard"
        ) {
            withClient(server) { client ->
                // Primary keys in the opposite order of their secondary keys, spread over the
                // shards.
                val ageOf = (1..20).associate { i -> "/byage/p${100 - i}" to "a%02d".format(i) }
                ageOf.forEach { (key, age) ->
                    client.put(key, age, secondaryIndexes = listOf(SecondaryIndex("age", age)))
                }
                val scanned =
                    client.rangeScan("a00", "a99", secondaryIndexName = "age").toList().map {
                        it.key
                    }
                val listed = client.list("a00", "a99", secondaryIndexName = "age").toList()
                for (keys in listOf(scanned, listed)) {
                    keys.toSet() shouldBe ageOf.keys
                    // Consecutive keys of one shard are in secondary-key order; a drop marks the
                    // next shard.
                    val drops =
                        keys.zipWithNext().count { (a, b) -> ageOf.getValue(a) > ageOf.getValue(b) }
                    drops shouldBeLessThan 4
                }
                client
                    .rangeScan("a05", "a10", secondaryIndexName = "age")
                    .toList()
                    .mapNotNull { it.valueAsString }
                    .sorted() shouldBe (5..9).map { "a%02d".format(it) }
            }
        }
    })
