package io.oxia.coroutines.recipes.it

import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.oxia.coroutines.OxiaClient
import io.oxia.coroutines.delete
import io.oxia.coroutines.put
import io.oxia.coroutines.rangeScan
import io.oxia.coroutines.recipes.CacheCodec
import io.oxia.coroutines.recipes.OxiaCache
import io.oxia.coroutines.testing.OxiaCluster
import java.util.concurrent.atomic.AtomicBoolean
import java.util.concurrent.atomic.AtomicInteger
import kotlin.random.Random
import kotlin.time.Duration
import kotlin.time.Duration.Companion.seconds
import kotlin.time.TimeSource
import kotlinx.coroutines.async
import kotlinx.coroutines.awaitAll
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.delay
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.launch

/** The cache against a 3-server cluster: loads under concurrent writes, and contended updates. */
class CacheClusterSpec :
    FunSpec({
        val cluster = lazy { OxiaCluster.start(servers = 3) }
        afterSpec { if (cluster.isInitialized()) cluster.value.close() }

        test("20 loads under a concurrent writer each end equal to a fresh scan") {
            withClusterClients(cluster.value, 3) { (reader, writer, checker) ->
                val settled = mutableListOf<Duration>()
                var writesDuringLoads = 0
                repeat(20) { round ->
                    val prefix = "/cache-cluster/round-$round/"
                    val duringLoad = AtomicInteger()
                    val loading = AtomicBoolean(false)
                    val writing = AtomicBoolean(true)
                    coroutineScope {
                        // Four writers at once, so that the short load overlaps their writes.
                        val writes =
                            List(4) { w ->
                                launch {
                                    val random = Random(round * 4 + w)
                                    while (writing.get()) {
                                        val key = "${prefix}k${random.nextInt(KEYS)}"
                                        if (random.nextInt(4) == 0) writer.delete(key)
                                        else writer.put(key, "v${random.nextInt()}")
                                        if (loading.get()) duringLoad.incrementAndGet()
                                    }
                                }
                            }
                        delay(50) // some keys exist before the load
                        OxiaCache(reader, prefix, CacheCodec.UTF8).use { cache ->
                            loading.set(true)
                            cache.awaitLoaded()
                            loading.set(false)
                            delay(100) // and changes go on after it
                            // Stopped between writes: a cancelled put may still land after.
                            writing.set(false)
                            writes.forEach { it.join() }
                            val stoppedAt = TimeSource.Monotonic.markNow()
                            val truth = checker.scan(prefix)
                            var held = cache.snapshot().mapValues { it.value.value }
                            while (held != truth) {
                                check(stoppedAt.elapsedNow() < 5.seconds) {
                                    "round $round: stale 5 s after the writer stopped: " +
                                        "${held - truth.keys} / ${truth - held.keys}"
                                }
                                delay(5)
                                held = cache.snapshot().mapValues { it.value.value }
                            }
                            settled += stoppedAt.elapsedNow()
                            // And get says the same, from memory, for present and absent keys.
                            for (i in 0 until KEYS) {
                                cache.get("${prefix}k$i")?.value shouldBe truth["${prefix}k$i"]
                            }
                        }
                    }
                    writesDuringLoads += duringLoad.get()
                }
                println(
                    "cache on a cluster: 20 loads, $writesDuringLoads writes made during them; " +
                        "equal to a fresh scan ${settled.min()}..${settled.max()} after the writer " +
                        "stopped (median ${settled.sorted()[settled.size / 2]})"
                )
                (writesDuringLoads > 0) shouldBe true
            }
        }

        test("readModifyUpdate from 4 clients on one key loses no update") {
            withClusterClients(cluster.value, 4) { clients ->
                val key = "/cache-cluster/counter/n"
                val perClient = 25
                val attempts = AtomicInteger()
                val start = TimeSource.Monotonic.markNow()
                coroutineScope {
                    clients
                        .map { client ->
                            async {
                                OxiaCache(client, "/cache-cluster/counter/", IntCodec).use { cache
                                    ->
                                    repeat(perClient) {
                                        val written =
                                            cache.readModifyUpdate(key) {
                                                attempts.incrementAndGet()
                                                (it ?: 0) + 1
                                            }
                                        (cache.get(key)!!.versionId >= written.versionId) shouldBe
                                            true
                                    }
                                }
                            }
                        }
                        .awaitAll()
                }
                println(
                    "cache on a cluster: ${4 * perClient} updates from 4 clients in " +
                        "${start.elapsedNow()}, ${attempts.get()} attempts"
                )
                clients[0].scan("/cache-cluster/counter/") shouldBe mapOf(key to "${4 * perClient}")
            }
        }
    })

private const val KEYS = 40

/** The keys directly under [prefix] and their values, read now. */
private suspend fun OxiaClient.scan(prefix: String): Map<String, String> =
    rangeScan(prefix, "$prefix\uFFFF").toList().associate { it.key to it.valueAsString!! }

/** Runs [block] with [count] clients of [cluster], bootstrapping from every server. */
private suspend fun <T> withClusterClients(
    cluster: OxiaCluster,
    count: Int,
    block: suspend (List<OxiaClient>) -> T,
): T {
    val clients =
        List(count) {
            OxiaClient.connect(cluster.publicAddresses.joinToString(",")) {
                requestTimeout = 20.seconds
                sessionTimeout = 4.seconds
            }
        }
    try {
        return block(clients)
    } finally {
        clients.forEach { it.shutdown() }
    }
}
