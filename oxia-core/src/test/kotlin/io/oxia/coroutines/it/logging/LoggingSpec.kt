package io.oxia.coroutines.it.logging

import io.kotest.assertions.withClue
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldBeEmpty
import io.kotest.matchers.collections.shouldHaveSize
import io.kotest.matchers.shouldBe
import io.oxia.coroutines.SessionState
import io.oxia.coroutines.it.SteadyWriters
import io.oxia.coroutines.it.cluster
import io.oxia.coroutines.it.connectTapped
import io.oxia.coroutines.it.reliability.ReliabilityReport
import io.oxia.coroutines.it.shardOf
import io.oxia.coroutines.it.sortingOf
import io.oxia.coroutines.it.tap
import io.oxia.coroutines.put
import io.oxia.coroutines.sessionEvents
import kotlin.time.Duration.Companion.seconds
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.delay
import kotlinx.coroutines.flow.filter
import kotlinx.coroutines.flow.take
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.launch
import kotlinx.coroutines.withContext
import kotlinx.coroutines.withTimeout
import org.slf4j.event.Level

/**
 * What the client logs around a leader kill and a session expiry on a three-server cluster: each
 * incident once, at WARN, with its shard and server; the leader move at INFO; no key or value in
 * any line.
 */
class LoggingSpec :
    FunSpec({
        val cluster = cluster()

        test("a leader kill and a session expiry are each reported once, with shard and server") {
            val c = cluster.value
            val victim = c.leaderOf("default", 0)!!
            val led = (0L..2L).filter { c.leaderOf("default", it) == victim }
            // Bootstrapped from the victim, so that the shard-map stream is lost too, unless the
            // victim leads every shard: the client would then know no other server.
            val bootstrap = if (led.size == 3) c.publicAddresses.first { it != victim } else victim
            val client =
                connectTapped(bootstrap) {
                    keySorting = sortingOf(c.version)
                    sessionTimeout = 4.seconds
                    requestTimeout = 30.seconds
                }
            try {
                val shardOfKey = (0..3000).map { "/secret-key-$it" }.groupBy { client.shardOf(it) }
                val keys = (0L..2L).map { shardOfKey.getValue(it).first() }
                // A session on every shard, and a writer on every shard.
                (0L..2L).forEach {
                    client.put(shardOfKey.getValue(it)[1], "secret-value", ephemeral = true)
                }
                val writers = SteadyWriters(this, client, keys, "secret-value")
                delay(500)
                val killedAt = System.nanoTime()
                withContext(Dispatchers.IO) { c.server(victim).kill() }
                // Served again on every shard, then a moment for the new map to settle.
                withTimeout(60.seconds) {
                    writers.awaitAllWrittenAfter(killedAt)
                    delay(3_000)
                }
                writers.stop()
                val lines = CapturedLogs.since(killedAt)
                val report = ReliabilityReport("logging-${c.version}")
                lines.filter { it.level != Level.DEBUG }.forEach { report.line(it.toString()) }
                withClue(lines.joinToString("\n")) {
                    for (shard in 0L..2L) {
                        val lost = lines.filter {
                            it.level == Level.WARN &&
                                it.logger == "io.oxia.coroutines.writes" &&
                                "shard $shard " in it.text
                        }
                        if (shard in led) {
                            lost shouldHaveSize 1
                            (victim in lost.single().text) shouldBe true
                            val moves = lines.filter {
                                it.logger == "io.oxia.coroutines.shardmap" &&
                                    "shard $shard of namespace default: leader $victim" in it.text
                            }
                            moves shouldHaveSize 1
                        } else lost.shouldBeEmpty()
                    }
                    val mapStream = lines.filter {
                        it.level == Level.WARN && "shard-map stream" in it.text
                    }
                    if (bootstrap == victim) {
                        mapStream shouldHaveSize 1
                        (victim in mapStream.single().text) shouldBe true
                    }
                    lines.filter { "secret" in it.text }.shouldBeEmpty()
                }

                // Heartbeats stop past the session timeout: one WARN per shard's session.
                val expiredAt = System.nanoTime()
                val subscribed = CompletableDeferred<Unit>()
                val expiries = launch {
                    client
                        .sessionEvents(onSubscribed = { subscribed.complete(Unit) })
                        .filter { it.state == SessionState.EXPIRED }
                        .take(3)
                        .toList()
                }
                subscribed.await()
                client.tap.heartbeatsHeld.value = true
                withTimeout(30.seconds) { expiries.join() }
                client.tap.heartbeatsHeld.value = false
                val sessionLines =
                    CapturedLogs.since(expiredAt).filter {
                        it.logger == "io.oxia.coroutines.sessions" && it.level == Level.WARN
                    }
                withClue(sessionLines.joinToString("\n")) {
                    for (shard in 0L..2L) {
                        sessionLines.filter { "of shard $shard expired" in it.text } shouldHaveSize
                            1
                    }
                }
            } finally {
                client.shutdown()
                withContext(Dispatchers.IO) { c.server(victim).restart() }
            }
        }
    })
