package io.oxia.coroutines.recipes.it

import io.kotest.core.spec.style.FunSpec
import io.oxia.coroutines.recipes.OxiaMembership
import io.oxia.coroutines.recipes.it.Holdings.Companion.between
import io.oxia.coroutines.recipes.it.Holdings.Companion.ms
import kotlin.time.Duration
import kotlin.time.Duration.Companion.milliseconds
import kotlin.time.Duration.Companion.minutes
import kotlin.time.Duration.Companion.seconds
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Job
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.flow.first
import kotlinx.coroutines.launch
import kotlinx.coroutines.withTimeoutOrNull

/**
 * Group membership on a 3-server cluster, with three observers: a member whose process dies is gone
 * from every observer's set within the session timeout, and a partitioned member is back once the
 * partition heals.
 */
class MembershipClusterSpec :
    FunSpec({
        val cluster by recipesCluster()

        test("a member that crashes leaves every observer's set within the session timeout").config(
            timeout = 2.minutes
        ) {
            val group = "/groups/crash"
            val observers = List(3) { connectThrough(cluster) }
            val member = connectThrough(cluster)
            try {
                coroutineScope {
                    val views = observers.map { watch(it, group) }
                    OxiaMembership(member.client, group).join("m", "meta")
                    views.forEach { it.await(setOf("m"), 10.seconds) }
                    // What a process crash does to the network: its connections are reset and
                    // nothing answers again. The client is abandoned, not closed, so it never
                    // deletes its record or closes its session.
                    val crashedAt = System.nanoTime()
                    member.proxies.cut()
                    val gone = views.map { it.await(emptySet(), 20.seconds) }
                    val slowest = between(crashedAt, gone.max())
                    reportFigure(
                        "membership crash: gone from 3 observers " +
                            "${between(crashedAt, gone.min()).ms()}–${slowest.ms()} after " +
                            "the crash (session timeout $SESSION_TIMEOUT)"
                    )
                    // The server expires the session the session timeout after the last
                    // heartbeat it got; the notification then takes a few milliseconds.
                    if (slowest > SESSION_TIMEOUT + DELIVERY)
                        throw AssertionError("seen gone $slowest after the crash")
                    views.forEach { it.job.cancel() }
                }
            } finally {
                (observers + member).forEach { it.close() }
            }
        }

        test("a partitioned member leaves the set and is back once the partition heals").config(
            timeout = 2.minutes
        ) {
            val group = "/groups/partition"
            val observers = List(3) { connectThrough(cluster) }
            val member = connectThrough(cluster)
            try {
                coroutineScope {
                    val views = observers.map { watch(it, group) }
                    OxiaMembership(member.client, group).join("m", "meta")
                    views.forEach { it.await(setOf("m"), 10.seconds) }
                    val cutAt = System.nanoTime()
                    member.proxies.blackHole()
                    val gone = views.map { it.await(emptySet(), 20.seconds) }
                    val healedAt = System.nanoTime()
                    member.proxies.restore()
                    val back = views.map { it.await(setOf("m"), 30.seconds) }
                    reportFigure(
                        "membership partition: gone ${between(cutAt, gone.max()).ms()} " +
                            "after the partition, back in every set " +
                            "${between(healedAt, back.max()).ms()} after it healed"
                    )
                    views.forEach { it.job.cancel() }
                }
            } finally {
                (observers + member).forEach { it.close() }
            }
        }
    })

/** What the observers may take, beyond the session timeout, to be told of the expiry. */
private val DELIVERY = 500.milliseconds

/** One observer's view of a group: the member ids it last saw, and when it saw them. */
private class View(val job: Job, val ids: MutableStateFlow<Pair<Set<String>, Long>?>) {
    /** Waits for the view to become [expected] and returns when the observer saw it (nanoTime). */
    suspend fun await(expected: Set<String>, timeout: Duration): Long =
        withTimeoutOrNull(timeout) { ids.first { it?.first == expected }!!.second }
            ?: throw AssertionError("the view was ${ids.value?.first}, not $expected, for $timeout")
}

private fun CoroutineScope.watch(observer: ProxiedClient, group: String): View {
    val ids = MutableStateFlow<Pair<Set<String>, Long>?>(null)
    val job = launch {
        OxiaMembership(observer.client, group).members.collect { members ->
            ids.value = members.map { it.id }.toSet() to System.nanoTime()
        }
    }
    return View(job, ids)
}
