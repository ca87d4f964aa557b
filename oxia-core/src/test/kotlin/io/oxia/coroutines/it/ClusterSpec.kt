package io.oxia.coroutines.it

import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldHaveSize
import io.kotest.matchers.shouldBe
import io.oxia.coroutines.Notification
import io.oxia.coroutines.OutcomeUnknownException
import io.oxia.coroutines.OxiaClient
import io.oxia.coroutines.get
import io.oxia.coroutines.listKeys
import io.oxia.coroutines.notifications
import io.oxia.coroutines.put
import java.util.Collections
import kotlin.time.Duration.Companion.seconds
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.async
import kotlinx.coroutines.awaitAll
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.delay
import kotlinx.coroutines.launch
import kotlinx.coroutines.withTimeout

class ClusterSpec :
    FunSpec({
        val cluster = cluster()

        test("operations route to each shard's leader across three servers") {
            val c = cluster.value
            OxiaClient.connect(c.serviceAddress) { keySorting = sortingOf(c.version) }
                .use { client ->
                    coroutineScope {
                        (1..300).map { i -> async { client.put("/cluster/$i", "v$i") } }.awaitAll()
                    }
                    (1..300).forEach { i ->
                        client.get("/cluster/$i")?.valueAsString shouldBe "v$i"
                    }
                    client.listKeys("/cluster/", "/cluster/~").filter {
                        it.startsWith("/cluster/")
                    } shouldHaveSize 300
                    val leaders = (0L..2L).map { c.leaderOf("default", it) }
                    leaders.all { it in c.publicAddresses } shouldBe true
                }
        }

        test("notifications resume across a leader kill with no gap and no duplicate") {
            val c = cluster.value
            // Not bootstrapped from the victim: it may lead every shard (see the README's limits).
            val victim = c.leaderOf("default", 0)!!
            OxiaClient.connect(c.publicAddresses.first { it != victim }) {
                    keySorting = sortingOf(c.version)
                    requestTimeout = 60.seconds
                }
                .use { client ->
                    val ready = CompletableDeferred<Unit>()
                    coroutineScope {
                        val seen = Collections.synchronizedList(mutableListOf<Notification>())
                        val subscription = launch {
                            client
                                .notifications(
                                    keyPrefix = "/nfail/",
                                    onEstablished = { ready.complete(Unit) },
                                )
                                .collect {
                                    seen += it
                                }
                        }
                        withTimeout(30.seconds) { ready.await() }
                        val written = mutableListOf<Pair<String, Long>>()
                        suspend fun write(i: Int) {
                            while (true) {
                                try {
                                    val r = client.put("/nfail/$i", "v")
                                    written += r.key to r.version.versionId
                                    return
                                } catch (e: OutcomeUnknownException) {
                                    // retried below; a duplicate apply would show up as an extra
                                    // notification
                                }
                            }
                        }
                        (1..100).forEach { write(it) }
                        c.server(victim).kill()
                        (101..200).forEach { write(it) }
                        withTimeout(60.seconds) { while (seen.size < written.size) delay(100) }
                        delay(1_000)
                        subscription.cancel()
                        val received = seen.map { it.key to it.versionId!! }
                        received.toSet() shouldBe written.toSet()
                        received.size shouldBe received.toSet().size
                    }
                    c.servers.filterNot { it.isAlive }.forEach { it.restart() }
                    c.awaitReady()
                }
        }
    })
