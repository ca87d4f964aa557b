package io.oxia.coroutines.it.logging

import io.kotest.assertions.withClue
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldContain
import io.kotest.matchers.collections.shouldContainAll
import io.kotest.matchers.longs.shouldBeGreaterThan
import io.kotest.matchers.shouldBe
import io.oxia.coroutines.ClientEvent
import io.oxia.coroutines.ClientEventType
import io.oxia.coroutines.ConnectionState
import io.oxia.coroutines.ConnectionStatus
import io.oxia.coroutines.it.SteadyWriters
import io.oxia.coroutines.it.cluster
import io.oxia.coroutines.it.connectTapped
import io.oxia.coroutines.it.shardOf
import io.oxia.coroutines.it.sortingOf
import io.oxia.coroutines.notifications
import io.oxia.coroutines.put
import java.util.Collections
import kotlin.time.Duration.Companion.seconds
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.cancelChildren
import kotlinx.coroutines.delay
import kotlinx.coroutines.flow.first
import kotlinx.coroutines.launch
import kotlinx.coroutines.withContext
import kotlinx.coroutines.withTimeout

/**
 * The connection state, the client events and the stats around a leader kill on a three-server
 * cluster: degraded on the shards the dead server led, their streams lost and restored and their
 * leaders moved, ready again, closed at the end.
 */
class ConnectionStateSpec :
    FunSpec({
        val cluster = cluster()

        test("a leader kill degrades the shards it led, moves their leaders, then all is ready") {
            val c = cluster.value
            val victim = c.leaderOf("default", 0)!!
            val led = (0L..2L).filter { c.leaderOf("default", it) == victim }.toSet()
            val client =
                connectTapped(c.publicAddresses.first { it != victim }) {
                    keySorting = sortingOf(c.version)
                    sessionTimeout = 10.seconds
                }
            try {
                client.connectionState.value shouldBe ConnectionState.READY
                val events = Collections.synchronizedList(mutableListOf<ClientEvent>())
                val states = Collections.synchronizedList(mutableListOf<ConnectionState>())
                val eventsDone =
                    launch(Dispatchers.Default) { client.clientEvents.collect { events += it } }
                val stateJob =
                    launch(Dispatchers.Default) { client.connectionState.collect { states += it } }
                val notified = launch(Dispatchers.Default) { client.notifications().collect {} }
                val byShard = (0..3000).map { "/state/$it" }.groupBy { client.shardOf(it) }
                (0L..2L).forEach { client.put(byShard.getValue(it)[1], "e", ephemeral = true) }
                val writers =
                    SteadyWriters(this, client, (0L..2L).map { byShard.getValue(it)[0] }, "v")
                delay(500)
                val before = client.stats()
                before.sessions.keys shouldBe setOf(0L, 1L, 2L)
                before.openSubscriptions shouldBe 1
                before.batchesInFlight.keys shouldBe setOf(0L, 1L, 2L)

                val killedAt = System.nanoTime()
                withContext(Dispatchers.IO) { c.server(victim).kill() }
                withTimeout(60.seconds) {
                    client.connectionState.first { it.status == ConnectionStatus.DEGRADED }
                    val degradedAt = System.nanoTime()
                    writers.awaitAllWrittenAfter(degradedAt)
                    // The notification streams come back with the next notification.
                    while (client.connectionState.value != ConnectionState.READY) delay(50)
                }
                writers.stop()
                val seen = events.toList()
                withClue("states $states\nevents ${seen.joinToString("\n")}") {
                    val degraded = states.filter { it.status == ConnectionStatus.DEGRADED }
                    degraded.flatMap { it.affectedShards }.toSet() shouldContainAll led
                    states.last() shouldBe ConnectionState.READY
                    for (shard in led) {
                        val lost = seen.filter {
                            it.type == ClientEventType.STREAM_LOST && it.shard == shard
                        }
                        lost.map { it.server } shouldContain victim
                        val moved = seen.filter {
                            it.type == ClientEventType.LEADER_CHANGED && it.shard == shard
                        }
                        moved.last().server shouldBe c.leaderOf("default", shard)
                        seen.map { it.type to it.shard } shouldContain
                            (ClientEventType.STREAM_RESTORED to shard)
                    }
                    client.stats().reconnectAttempts shouldBeGreaterThan 0L
                }
                notified.cancel()
                client.shutdown()
                client.connectionState.value shouldBe ConnectionState.CLOSED
                stateJob.cancel()
                withTimeout(5.seconds) { eventsDone.join() }
                client.stats().openSubscriptions shouldBe 0
            } finally {
                coroutineContext.cancelChildren()
                client.shutdown()
                withContext(Dispatchers.IO) { c.server(victim).restart() }
            }
        }
    })
