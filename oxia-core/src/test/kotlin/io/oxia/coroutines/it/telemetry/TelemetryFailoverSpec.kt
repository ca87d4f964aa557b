package io.oxia.coroutines.it.telemetry

import io.kotest.assertions.withClue
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.longs.shouldBeGreaterThanOrEqual
import io.kotest.matchers.shouldBe
import io.oxia.coroutines.OxiaClient
import io.oxia.coroutines.it.SteadyWriters
import io.oxia.coroutines.it.cluster
import io.oxia.coroutines.it.sortingOf
import kotlin.time.Duration.Companion.seconds
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.delay
import kotlinx.coroutines.withContext
import kotlinx.coroutines.withTimeout

/**
 * The client's metrics around a leader kill on a three-server cluster: the write streams' failures
 * and restarts, the leader changes of the shards the killed server led, and nothing left pending.
 */
class TelemetryFailoverSpec :
    FunSpec({
        val cluster = cluster()

        test("a leader kill shows as reconnects, stream restarts and leader changes") {
            val c = cluster.value
            val telemetry = Telemetry()
            val victim = c.leaderOf("default", 0)!!
            val led = (0L..2L).filter { c.leaderOf("default", it) == victim }
            val bootstrap = c.publicAddresses.first { it != victim }
            val client =
                OxiaClient.connect(bootstrap) {
                    keySorting = sortingOf(c.version)
                    requestTimeout = 30.seconds
                    openTelemetry = telemetry.sdk
                }
            try {
                // Enough keys that every shard has a writer.
                val keys = (0 until 24).map { "failover-$it" }
                val writers = SteadyWriters(this, client, keys, "v")
                delay(500)
                val before = telemetry.collect()
                before.sum("oxia.client.reconnects") shouldBe 0
                val killedAt = System.nanoTime()
                withContext(Dispatchers.IO) { c.server(victim).kill() }
                withTimeout(60.seconds) {
                    writers.awaitAllWrittenAfter(killedAt)
                    delay(1_000)
                }
                writers.stop()
                // Writes cancelled after they were sent stay in flight until the server answers.
                withTimeout(30.seconds) {
                    while (
                        telemetry.collect().let {
                            it.sum("oxia.client.ops.pending") != 0L ||
                                it.sum("oxia.client.batches.inflight") != 0L
                        }
                    ) delay(100)
                }

                val m = telemetry.collect()
                withClue(m.toString()) {
                    m.sum(
                        "oxia.client.reconnects",
                        "oxia.stream" to "writes",
                    ) shouldBeGreaterThanOrEqual led.size.toLong()
                    m.sum(
                        "oxia.client.stream.restarts",
                        "oxia.stream" to "writes",
                    ) shouldBeGreaterThanOrEqual led.size.toLong()
                    for (shard in 0L..2L) {
                        val changes = m.sum("oxia.client.leader.changes", "oxia.shard" to shard)
                        if (shard in led) changes shouldBeGreaterThanOrEqual 1
                        else changes shouldBe 0
                    }
                    m.sum("oxia.client.shard.assignments.count") shouldBeGreaterThanOrEqual 2
                    m.count("oxia.client.ops", "oxia.op" to "put") shouldBeGreaterThanOrEqual
                        keys.size.toLong()
                }
            } finally {
                client.shutdown()
            }
        }
    })
