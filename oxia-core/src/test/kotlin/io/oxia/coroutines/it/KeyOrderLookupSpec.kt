package io.oxia.coroutines.it

import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.oxia.coroutines.KeyComparison
import io.oxia.coroutines.get
import io.oxia.coroutines.internal.order.comparator
import io.oxia.coroutines.put

/**
 * Floor, ceiling, lower and higher across shards must answer in the server's own key order. The
 * keys are chosen so that the hierarchical, segment-wise and plain byte orders disagree, and so
 * that UTF-16 order differs from UTF-8.
 */
class KeyOrderLookupSpec :
    FunSpec({
        val server by standalone(shards = 5)
        val keys =
            listOf(
                "x/a",
                "x-1/a",
                "aa/b",
                "a/z",
                "a",
                "b",
                "/a",
                "/a/b",
                "m/\uFFFD",
                "m/\uD83D\uDE00",
                "m/é",
                "m/z",
            )

        test("every lookup across shards agrees with a model of the server's key order") {
            withClient(server) { client ->
                keys.forEach { client.put("/order/$it", it) }
                val order = client.config.keySorting.comparator()
                val sorted = keys.map { "/order/$it" }.sortedWith(order)
                val probes =
                    sorted + listOf("/order/", "/order/zzz", "/order/m/", "/order/x/", "/order/a/")
                for (probe in probes) {
                    fun expected(c: KeyComparison): String? =
                        when (c) {
                            KeyComparison.EQUAL ->
                                sorted.firstOrNull { order.compare(it, probe) == 0 }
                            KeyComparison.FLOOR ->
                                sorted.lastOrNull { order.compare(it, probe) <= 0 }
                            KeyComparison.LOWER ->
                                sorted.lastOrNull { order.compare(it, probe) < 0 }
                            KeyComparison.CEILING ->
                                sorted.firstOrNull { order.compare(it, probe) >= 0 }
                            KeyComparison.HIGHER ->
                                sorted.firstOrNull { order.compare(it, probe) > 0 }
                        }
                    for (c in KeyComparison.entries) {
                        val got = client.get(probe, comparison = c)?.key
                        // Records outside this spec's prefix do not exist on this server.
                        withClue("$c of '$probe'") { got shouldBe expected(c) }
                    }
                }
            }
        }
    })

private inline fun <T> withClue(clue: String, block: () -> T): T =
    io.kotest.assertions.withClue(clue, block)
