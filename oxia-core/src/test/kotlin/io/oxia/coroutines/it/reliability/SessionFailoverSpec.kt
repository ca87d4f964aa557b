package io.oxia.coroutines.it.reliability

import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldBeEmpty
import io.kotest.matchers.shouldBe
import io.oxia.coroutines.SessionEvent
import io.oxia.coroutines.SessionState
import io.oxia.coroutines.get
import io.oxia.coroutines.it.cluster
import io.oxia.coroutines.it.withClientOf
import io.oxia.coroutines.put
import java.util.Collections
import kotlin.time.Duration.Companion.seconds
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.delay
import kotlinx.coroutines.launch
import kotlinx.coroutines.withContext

/**
 * Sessions across a leader change: the session lives in the shard's replicated state, so while
 * heartbeats go on (to the new leader) the ephemeral records must stay.
 */
class SessionFailoverSpec :
    FunSpec({
        val cluster = cluster()

        test("ephemeral records survive the kill of their shard's leader while heartbeats go on") {
            val c = cluster.value
            val sessionTimeout = 4.seconds
            val report = ReliabilityReport("session-failover-${c.version}")
            val keys = (1..30).map { "/eph-failover/$it" }
            val victim = c.server(withContext(Dispatchers.IO) { c.leaderOf("default", 0) }!!)
            // A client learns other servers only from the shard map's leaders: bootstrapped from a
            // server that leads every shard, it would know no one else once that server died.
            val live = c.servers.first { it !== victim }.publicAddress!!
            withClientOf(
                live,
                c.version,
                {
                    this.sessionTimeout = sessionTimeout
                    requestTimeout = 30.seconds
                },
            ) { owner ->
                val events = Collections.synchronizedList(mutableListOf<SessionEvent>())
                coroutineScope {
                    val watching = launch { owner.sessionEvents.collect { events += it } }
                    keys.forEach { owner.put(it, "alive", ephemeral = true) }
                    withContext(Dispatchers.IO) { victim.kill() }
                    // Three session timeouts: without heartbeats reaching the new leader the
                    // sessions would have expired.
                    delay(sessionTimeout * 3)
                    withClientOf(live, c.version) { observer ->
                        val missing = keys.filter { observer.get(it) == null }
                        report.line(
                            "Leader of shard 0 (${victim.name}) killed with ${keys.size} ephemeral records " +
                                "and a $sessionTimeout session timeout: after ${sessionTimeout * 3}, " +
                                "${keys.size - missing.size} records remain; session events: " +
                                events.map { "shard ${it.shard} ${it.state}" }
                        )
                        missing.shouldBeEmpty()
                    }
                    events.filter { it.state != SessionState.CREATED }.shouldBeEmpty()
                    watching.cancel()
                    withContext(Dispatchers.IO) {
                        victim.restart()
                        c.awaitReady()
                    }
                }
            }
            // The owner closed its sessions: its records are gone.
            withClientOf(c.serviceAddress, c.version) { observer ->
                keys.count { observer.get(it) != null } shouldBe 0
            }
        }
    })
