package io.oxia.coroutines.it

import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldContainAll
import io.kotest.matchers.collections.shouldNotBeEmpty
import io.kotest.matchers.shouldBe
import io.oxia.coroutines.KeySorting
import io.oxia.coroutines.OxiaClient
import io.oxia.coroutines.get
import io.oxia.coroutines.list
import io.oxia.coroutines.put
import io.oxia.coroutines.testing.OxiaBinary
import io.oxia.coroutines.testing.OxiaStandalone
import kotlinx.coroutines.flow.toList

/**
 * A delete-range means what a list of the same bounds means, in every key order the server under
 * test has, with and without a partition key: an empty bound is unbounded on that side, and the
 * server's own `__oxia/` keys are never touched (its sessions keep working afterwards).
 */
class DeleteRangeBoundsSpec :
    FunSpec({
        val version = OxiaBinary.configuredVersion()
        val sortings =
            if (sortingOf(version) == KeySorting.SEGMENTED) listOf(KeySorting.SEGMENTED)
            else listOf(KeySorting.HIERARCHICAL, KeySorting.NATURAL)
        val servers = sortings.associateWith {
            lazy {
                OxiaStandalone.start(
                    shards = 3,
                    keySorting = if (it == KeySorting.NATURAL) "natural" else null,
                )
            }
        }
        afterSpec { servers.values.filter { it.isInitialized() }.forEach { it.value.close() } }

        // Keys on both sides of the internal keys in every order, at several depths.
        val keys =
            listOf("", " ", "A", "Z", "_", "__oxia", "__oxia0", "__oxib/x", "__oxia\u0000/x") +
                listOf("a", "a/b", "a/b/c", "x/__oxia/y", "z", "z/", "~", "é", "中/文") +
                (1..5).map { "d4/m$it" } +
                listOf("d4/n", "\uD83D\uDE00")
        val bounds =
            listOf(
                "d4/m" to "",
                "" to "",
                "A" to "z",
                "A/" to "z/",
                "_" to "a",
                "" to "a/b",
                "a/" to "",
                "__oxia/" to "",
                "z" to "A",
            )

        // The server's keys, less those that shadow one ephemeral record of a session: deleting
        // the record deletes its shadow, and rightly so.
        val shadow = Regex("__oxia/session/[^/]+/.+")
        suspend fun OxiaClient.internalKeys(): List<String> =
            list("", "", includeInternalKeys = true).toList().filter {
                it.startsWith("__oxia/") && !shadow.matches(it)
            }

        for (sorting in sortings) {
            for (partitionKey in listOf(null, "one-partition")) {
                for ((start, end) in bounds) {
                    test("$sorting, partition key $partitionKey: deleteRange('$start', '$end')") {
                        val server = servers.getValue(sorting).value
                        withClientOf(server.serviceAddress, version, { keySorting = sorting }) {
                            client ->
                            client.deleteRange("", "")
                            keys.forEach { client.put(it, "v", partitionKey = partitionKey) }
                            // A session, whose internal records must survive.
                            client.put("/ephemeral", "e", ephemeral = true)
                            val internalBefore = client.internalKeys()
                            internalBefore.shouldNotBeEmpty()
                            val all = client.list("", "", partitionKey = partitionKey).toList()
                            all shouldContainAll keys
                            val inRange =
                                client.list(start, end, partitionKey = partitionKey).toList()

                            client.deleteRange(start, end, partitionKey)

                            client.list("", "", partitionKey = partitionKey).toList() shouldBe
                                all - inRange.toSet()
                            client.internalKeys() shouldContainAll internalBefore
                            client.put("/ephemeral-after", "e", ephemeral = true)
                            client.get("/ephemeral-after")?.valueAsString shouldBe "e"
                        }
                    }
                }
            }
        }
    })
