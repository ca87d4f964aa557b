package io.oxia.coroutines.recipes.it

import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.oxia.coroutines.OxiaClient
import io.oxia.coroutines.OxiaException
import io.oxia.coroutines.recipes.LeaseLostException
import io.oxia.coroutines.recipes.OxiaLock
import io.oxia.coroutines.recipes.it.Holdings.Companion.between
import io.oxia.coroutines.recipes.it.Holdings.Companion.ms
import java.util.concurrent.atomic.AtomicBoolean
import kotlin.time.Duration
import kotlin.time.Duration.Companion.milliseconds
import kotlin.time.Duration.Companion.minutes
import kotlin.time.Duration.Companion.seconds
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.delay
import kotlinx.coroutines.joinAll
import kotlinx.coroutines.launch
import kotlinx.coroutines.withTimeout
import kotlinx.coroutines.withTimeoutOrNull

/**
 * The lock on a 3-server cluster: 5 contenders, each its own client behind its own fault proxies,
 * increment a fenced counter under the lock while the holder of the moment is partitioned, or the
 * shard's leader is killed or paused. The count ends exact, no two holdings overlap, and the time
 * the lock takes to move on is reported.
 */
class LockClusterSpec :
    FunSpec({
        val cluster by recipesCluster()

        Fault.entries.forEach { fault ->
            test("under a ${fault.label}, the fenced count is exact and no two holders overlap")
                .config(timeout = 3.minutes) {
                    val name = fault.label
                    val counter = FencedCounter("/counters/$name")
                    val holdings = Holdings()
                    val contenders = List(CONTENDERS) { connectThrough(cluster) }
                    try {
                        counter.create(contenders[0].client)
                        val stop = AtomicBoolean(false)
                        coroutineScope {
                            val jobs = contenders.mapIndexed { i, contender ->
                                val lock = OxiaLock(contender.client, "/locks/$name")
                                launch {
                                    contend("c$i", contender.client, lock, counter, holdings, stop)
                                }
                            }
                            counter.awaitAcknowledged(WARM_UP, 30.seconds)
                            // The fault lands while the holder has read the counter and is about
                            // to write it: its write goes out into the fault.
                            val trap = FencedCounter.WriteTrap()
                            counter.trap = trap
                            val victimName = withTimeout(10.seconds) { trap.caught.await() }
                            counter.trap = null
                            val victim = holdings.current()
                            val faultAt = System.nanoTime()
                            val heal =
                                try {
                                    check(victim?.holder == victimName) {
                                        "$victim is not $victimName"
                                    }
                                    fault.inject(cluster, contenders[victimName.drop(1).toInt()])
                                } finally {
                                    trap.go.complete(Unit)
                                }
                            victim!!
                            val next = holdings.firstAfter(faultAt, 45.seconds)
                            val victimEnd = holdings.awaitEnd(victim, 30.seconds)
                            heal()
                            val healedAt = counter.acknowledged.size
                            counter.awaitAcknowledged(healedAt + WARM_UP, 60.seconds)
                            stop.set(true)
                            withTimeoutOrNull(30.seconds) { jobs.joinAll() }
                                ?: jobs.forEach { it.cancel() }

                            checkNotNull(next) { "nobody acquired the lock within 45 s" }
                            checkNotNull(victimEnd) { "the holder ${victim.holder} never stopped" }
                            reportFigure(
                                "lock ${fault.label}: holder ${victim.holder} stopped " +
                                    "${between(faultAt, victimEnd).ms()} after the fault (lease " +
                                    "${if (victim.lost) "lost" else "kept"}); next holder " +
                                    "${next.holder} ${between(faultAt, next.from).ms()} after the " +
                                    "fault, ${between(victimEnd, next.from).ms()} after the holder " +
                                    "stopped; ${holdings.count} holdings"
                            )
                        }
                        holdings.verifyNoOverlap()
                        val count = counter.verify(contenders[0].client)
                        reportFigure(
                            "lock ${fault.label}: count $count, ${counter.acknowledged.size} " +
                                "acknowledged, ${counter.unknown.size} unknown, of which applied " +
                                "${counter.landedUnknown()}"
                        )
                        counter.staleTokens.get() shouldBe 0
                        // Only a write of a stopped holder, delivered late, can race a holder's.
                        val late = counter.landedUnknown().size
                        if (counter.versionConflicts.get() > late)
                            throw AssertionError(
                                "${counter.versionConflicts} writes met a concurrent one, " +
                                    "but only $late late writes were applied"
                            )
                        // The fence is live: the first holder's token, used now, is refused.
                        val stale = holdings.first().token
                        counter.increment(contenders[0].client, stale, "stale")
                        counter.staleTokens.get() shouldBe 1
                        counter.verify(contenders[0].client) shouldBe count
                    } finally {
                        contenders.forEach { it.close() }
                    }
                }
        }
    })

private const val CONTENDERS = 5
private const val WARM_UP = 5
private val HOLD = 150.milliseconds

/** Takes the lock, increments the counter under it and holds it a while, until [stop]. */
private suspend fun contend(
    name: String,
    client: OxiaClient,
    lock: OxiaLock,
    counter: FencedCounter,
    holdings: Holdings,
    stop: AtomicBoolean,
) {
    while (!stop.get()) {
        try {
            lock.withLock { lease ->
                val holding = holdings.begin(name, lease.fencingToken)
                try {
                    // Work under the lock, before the write.
                    delay(HOLD)
                    counter.increment(client, lease.fencingToken, name)
                } finally {
                    holdings.end(holding, lost = !lease.isHeld)
                }
            }
        } catch (e: LeaseLostException) {
            // Counted by the holding; the contender queues up again.
        } catch (e: OxiaException) {
            delay(100)
        }
    }
}

private suspend fun FencedCounter.awaitAcknowledged(count: Int, timeout: Duration) {
    withTimeoutOrNull(timeout) { while (acknowledged.size < count) delay(20) }
        ?: throw AssertionError("only ${acknowledged.size} of $count increments within $timeout")
}
