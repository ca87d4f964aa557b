package io.oxia.coroutines.recipes.it

import io.kotest.core.spec.style.FunSpec
import io.oxia.coroutines.OxiaException
import io.oxia.coroutines.recipes.LeaseLostException
import io.oxia.coroutines.recipes.OxiaElection
import io.oxia.coroutines.recipes.it.Holdings.Companion.between
import io.oxia.coroutines.recipes.it.Holdings.Companion.ms
import java.util.concurrent.CopyOnWriteArrayList
import java.util.concurrent.atomic.AtomicBoolean
import kotlin.time.Duration.Companion.minutes
import kotlin.time.Duration.Companion.seconds
import kotlinx.coroutines.awaitCancellation
import kotlinx.coroutines.cancelAndJoin
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.delay
import kotlinx.coroutines.job
import kotlinx.coroutines.launch

/**
 * Leader election on a 3-server cluster: three candidates, each its own client behind its own fault
 * proxies, and an observer. The leader is partitioned, or the shard's leader server killed or
 * paused; a leader that loses its leadership is stopped before the next one is elected (and before
 * an observer sees the next one), and a partitioned leader is replaced within the session timeout
 * plus 2 s.
 */
class ElectionClusterSpec :
    FunSpec({
        val cluster by recipesCluster()

        Fault.entries.forEach { fault ->
            test("under a ${fault.label}, a leader that loses office stops before the next leads")
                .config(timeout = 3.minutes) {
                    val path = "/elections/${fault.label}"
                    val holdings = Holdings()
                    val candidates = List(3) { connectThrough(cluster) }
                    val observer = connectThrough(cluster)
                    val seen = CopyOnWriteArrayList<Pair<String?, Long>>()
                    val stop = AtomicBoolean(false)
                    try {
                        coroutineScope {
                            val watching = launch {
                                OxiaElection(observer.client, path).leader.collect {
                                    seen += it?.valueAsString to System.nanoTime()
                                }
                            }
                            val jobs = mutableListOf<kotlinx.coroutines.Job>()
                            candidates.forEachIndexed { i, candidate ->
                                jobs += launch {
                                    val election = OxiaElection(candidate.client, path)
                                    campaign("c$i", election, holdings, stop)
                                }
                                // c0 leads first; the others queue behind it in order.
                                if (i == 0) holdings.firstAfter(Long.MIN_VALUE, 30.seconds)
                                delay(300)
                            }
                            val victim = holdings.current()!!
                            val faultAt = System.nanoTime()
                            val heal =
                                fault.inject(cluster, candidates[victim.holder.drop(1).toInt()])
                            val wait = if (fault == Fault.KILL) 10.seconds else 45.seconds
                            val next = holdings.firstAfter(faultAt, wait)
                            val victimEnd = victim.until
                            heal()
                            stop.set(true)
                            jobs.forEach { it.cancelAndJoin() }
                            watching.cancel()

                            if (next == null) {
                                check(fault == Fault.KILL && victimEnd == null) {
                                    "no new leader within $wait after the ${fault.label}"
                                }
                                reportFigure(
                                    "election ${fault.label}: leader ${victim.holder} kept " +
                                        "office through the fault (no takeover within $wait)"
                                )
                            } else {
                                checkNotNull(victimEnd) { "leader ${victim.holder} never stopped" }
                                val scopeEnded = victim.scopeEnded
                                if (scopeEnded == null || scopeEnded > next.from)
                                    throw AssertionError(
                                        "the old leader's scope was not " +
                                            "cancelled before ${next.holder} was elected"
                                    )
                                val electedAfter = between(faultAt, next.from)
                                val observedAt =
                                    seen
                                        .first { (value, at) ->
                                            at > faultAt && value == next.holder
                                        }
                                        .second
                                if (observedAt < victimEnd)
                                    throw AssertionError(
                                        "the observer saw ${next.holder} lead " +
                                            "before ${victim.holder} stopped"
                                    )
                                if (
                                    fault == Fault.PARTITION &&
                                        electedAfter > SESSION_TIMEOUT + 2.seconds
                                )
                                    throw AssertionError("new leader after $electedAfter")
                                reportFigure(
                                    "election ${fault.label}: leader ${victim.holder} stopped " +
                                        "${between(faultAt, victimEnd).ms()} after the fault; " +
                                        "${next.holder} elected ${electedAfter.ms()} after the " +
                                        "fault (${between(victimEnd, next.from).ms()} after the " +
                                        "old one stopped), seen by the observer " +
                                        "${between(faultAt, observedAt).ms()} after the fault"
                                )
                            }
                        }
                        holdings.verifyNoOverlap()
                    } finally {
                        (candidates + observer).forEach { it.close() }
                    }
                }
        }
    })

/** Campaigns, leads until cancelled or deposed, and campaigns again, until [stop]. */
private suspend fun campaign(
    name: String,
    election: OxiaElection,
    holdings: Holdings,
    stop: AtomicBoolean,
) {
    while (!stop.get()) {
        try {
            election.withLeadership(name.toByteArray()) { lease ->
                val holding = holdings.begin(name, lease.fencingToken)
                lease.scope.coroutineContext.job.invokeOnCompletion {
                    holding.scopeEnded = System.nanoTime()
                }
                try {
                    awaitCancellation()
                } finally {
                    holdings.end(holding, lost = !lease.isHeld)
                }
            }
        } catch (e: LeaseLostException) {
            // Deposed: stand again.
        } catch (e: OxiaException) {
            delay(100)
        }
    }
}
