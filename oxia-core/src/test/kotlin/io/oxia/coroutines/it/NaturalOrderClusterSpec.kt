package io.oxia.coroutines.it

import io.kotest.assertions.withClue
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldHaveSize
import io.kotest.matchers.shouldBe
import io.oxia.coroutines.KeyComparison
import io.oxia.coroutines.KeySorting
import io.oxia.coroutines.OxiaClient
import io.oxia.coroutines.admin.NamespaceConfig
import io.oxia.coroutines.admin.OxiaAdminClient
import io.oxia.coroutines.get
import io.oxia.coroutines.listKeys
import io.oxia.coroutines.put
import io.oxia.coroutines.rangeScan
import kotlin.random.Random
import kotlin.time.Duration.Companion.seconds
import kotlinx.coroutines.async
import kotlinx.coroutines.awaitAll
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.flow.map
import kotlinx.coroutines.flow.toList

/**
 * A namespace with natural key sorting, made at run time on a three-server cluster: the client's
 * merge of three shards (lists, range scans, floor / ceiling / lower / higher lookups) agrees with
 * the server's own order, read from a one-shard namespace holding the same keys.
 */
class NaturalOrderClusterSpec :
    FunSpec({
        val cluster = cluster()

        test("the merge of a natural-order namespace's shards follows the server's own order")
            .config(enabledOrReasonIf = whereCoordinatorServesAdmin) {
                val c = cluster.value
                OxiaAdminClient.connect(c.adminAddress!!) { requestTimeout = 20.seconds }
                    .use { admin ->
                        admin.createNamespace(
                            NamespaceConfig("natural", 3, 3, keySorting = KeySorting.NATURAL)
                        )
                        admin.createNamespace(
                            NamespaceConfig("naturalone", 1, 3, keySorting = KeySorting.NATURAL)
                        )
                    }
                // Digits of different widths, separators and non-ASCII, where natural, hierarchical
                // and byte orders disagree.
                val random = Random(17)
                val alphabet = listOf("a", "b", "0", "1", "2", "9", "10", "007", "/", "-", ".", "é")
                val keys =
                    (1..300)
                        .map {
                            "/n/" +
                                (1..random.nextInt(1, 6)).joinToString("") {
                                    alphabet.random(random)
                                }
                        }
                        .distinct()
                val probes = keys.shuffled(random).take(25) + (1..25).map { "/n/" + it * 7 } + "/n/"

                suspend fun <T> natural(namespace: String, block: suspend (OxiaClient) -> T): T =
                    withClientOf(
                        c.serviceAddress,
                        c.version,
                        {
                            this.namespace = namespace
                            keySorting = KeySorting.NATURAL
                            requestTimeout = 30.seconds
                        },
                        block,
                    )

                val merged =
                    natural("natural") { client ->
                        coroutineScope { keys.map { async { client.put(it, it) } }.awaitAll() }
                        Answers(
                            client.listKeys("/n/", "/o"),
                            client.rangeScan("/n/", "/o").map { it.key }.toList(),
                            lookups(client, probes),
                        )
                    }
                val truth =
                    natural("naturalone") { client ->
                        coroutineScope { keys.map { async { client.put(it, it) } }.awaitAll() }
                        Answers(
                            client.listKeys("/n/", "/o"),
                            client.rangeScan("/n/", "/o").map { it.key }.toList(),
                            lookups(client, probes),
                        )
                    }
                truth.list shouldHaveSize keys.size
                withClue("list across shards") { merged.list shouldBe truth.list }
                withClue("range scan across shards") { merged.scan shouldBe truth.list }
                withClue("truth's own scan") { truth.scan shouldBe truth.list }
                for ((probe, answer) in merged.lookups) {
                    withClue("lookups of '$probe'") { answer shouldBe truth.lookups[probe] }
                }
            }
    })

private class Answers(
    val list: List<String>,
    val scan: List<String>,
    val lookups: Map<String, List<String?>>,
)

/** Each probe's answers to the five key comparisons, in [KeyComparison] order. */
private suspend fun lookups(client: OxiaClient, probes: List<String>): Map<String, List<String?>> =
    probes.associateWith { probe ->
        KeyComparison.entries.map { client.get(probe, comparison = it)?.key }
    }
