package io.oxia.coroutines.recipes.it

import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.oxia.coroutines.recipes.LeaseLostException
import io.oxia.coroutines.recipes.OxiaElection
import java.util.Collections
import kotlin.time.Duration.Companion.seconds
import kotlin.time.TimeSource
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.async
import kotlinx.coroutines.awaitCancellation
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.delay
import kotlinx.coroutines.flow.first
import kotlinx.coroutines.launch
import kotlinx.coroutines.withTimeout

class ElectionSpec :
    FunSpec({
        val server by standalone()

        test("candidates lead in the order they campaigned, and observers see every leader") {
            withClients(server, 4) { clients ->
                val path = "/elections/order"
                val seen = Collections.synchronizedList(mutableListOf<String?>())
                coroutineScope {
                    val observer = launch {
                        OxiaElection(clients[3], path).leader.collect { seen += it?.valueAsString }
                    }
                    val a = OxiaElection(clients[0], path).campaign("a")
                    val b = async { OxiaElection(clients[1], path).campaign("b") }
                    delay(300)
                    val c = async { OxiaElection(clients[2], path).campaign("c") }
                    delay(300)
                    b.isActive shouldBe true
                    a.release()
                    val bLease = withTimeout(10_000) { b.await() }
                    delay(300)
                    c.isActive shouldBe true
                    bLease.release()
                    val cLease = withTimeout(10_000) { c.await() }
                    (cLease.fencingToken > bLease.fencingToken) shouldBe true
                    (bLease.fencingToken > a.fencingToken) shouldBe true
                    cLease.release()
                    withTimeout(10_000) {
                        OxiaElection(clients[3], path).leader.first { it == null }
                    }
                    delay(300)
                    observer.cancel()
                }
                // The observer may start before or after the first leader is elected.
                seen.dropWhile { it == null } shouldBe listOf("a", "b", "c", null)
            }
        }

        test("a leader cut off from the server is stopped before the next candidate leads") {
            val cutOff =
                connectThrough(listOf(server.serviceAddress)) {
                    requestTimeout = 20.seconds
                    sessionTimeout = 6.seconds
                }
            val leaderClient = cutOff.client
            try {
                withClients(server, 1) { (other) ->
                    val path = "/elections/severed"
                    val clock = TimeSource.Monotonic
                    val elected = CompletableDeferred<Unit>()
                    val stoppedAt = CompletableDeferred<TimeSource.Monotonic.ValueTimeMark>()
                    coroutineScope {
                        val leader = async {
                            runCatching {
                                OxiaElection(leaderClient, path).withLeadership(
                                    "old".toByteArray()
                                ) {
                                    elected.complete(Unit)
                                    try {
                                        awaitCancellation()
                                    } finally {
                                        stoppedAt.complete(clock.markNow())
                                    }
                                }
                            }
                        }
                        withTimeout(10_000) { elected.await() }
                        val election = OxiaElection(other, path)
                        val next = async { election.campaign("new") to clock.markNow() }
                        val observed = async {
                            election.leader.first { it?.valueAsString == "new" }
                            clock.markNow()
                        }
                        delay(500)
                        cutOff.proxies.blackHole()
                        val (lease, electedAt) = withTimeout(30_000) { next.await() }
                        val stopped = stoppedAt.await()
                        (stopped < electedAt) shouldBe true
                        (stopped < withTimeout(10_000) { observed.await() }) shouldBe true
                        lease.release()
                        withTimeout(20_000) { leader.await() }.exceptionOrNull()!!::class shouldBe
                            LeaseLostException::class
                    }
                }
            } finally {
                cutOff.close()
            }
        }
    })
