package io.oxia.coroutines.it.reliability

import io.kotest.assertions.fail
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldBeEmpty
import io.kotest.matchers.longs.shouldBeLessThan
import io.kotest.matchers.shouldBe
import io.oxia.coroutines.OxiaException
import io.oxia.coroutines.it.cluster
import io.oxia.coroutines.it.connectTapped
import io.oxia.coroutines.it.sortingOf
import io.oxia.coroutines.it.withClientOf
import kotlin.time.Duration
import kotlin.time.Duration.Companion.seconds
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.cancelAndJoin
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.delay
import kotlinx.coroutines.withContext
import kotlinx.coroutines.withTimeoutOrNull

/**
 * A data server that stops answering (SIGSTOP) instead of dying: its connections stay open, so only
 * timeouts and keepalive can tell. The client bootstraps from that very server, so its shard-map
 * stream stalls too, unless that server leads every shard (see the README's known limits).
 */
class StalledServerSpec :
    FunSpec({
        val shards = listOf(0L, 1L, 2L)
        val cluster = cluster()

        suspend fun stallLeaderOfShard0(requestTimeout: Duration, recoveryBound: Duration) {
            val c = cluster.value
            val victim = c.server(withContext(Dispatchers.IO) { c.leaderOf("default", 0) }!!)
            val report = ReliabilityReport("stalled-leader-${c.version}-$requestTimeout")
            // Bootstrapped from the stalled server, so that its shard-map stream stalls too, unless
            // that server leads every shard: a client learns other servers only from the leaders.
            val leadsAll =
                withContext(Dispatchers.IO) {
                    (0L..2L).all { c.leaderOf("default", it) == victim.publicAddress }
                }
            val bootstrap = if (leadsAll) c.servers.first { it !== victim } else victim
            val client =
                connectTapped(bootstrap.publicAddress!!) {
                    keySorting = sortingOf(c.version)
                    this.requestTimeout = requestTimeout
                }
            // A prefix per case: its writes create fresh keys on the cluster the cases share.
            val load =
                SteadyLoad(client, shards, prefix = "/stalled-${requestTimeout.inWholeSeconds}s/")
            try {
                coroutineScope {
                    val job = load.start(this)
                    delay(1_000)
                    withContext(Dispatchers.IO) { victim.pause() }
                    val pausedAt = System.nanoTime()
                    val served =
                        withTimeoutOrNull(90.seconds) {
                            load.awaitWriteAcknowledgedAfter(0, pausedAt)
                        }
                            ?: fail(
                                "shard 0 not served within 90 s of stopping ${victim.name} (${victim.publicAddress}); its leader " +
                                    "according to the live servers: " +
                                    withContext(Dispatchers.IO) { c.leaderOf("default", 0) } +
                                    "; failed calls: " +
                                    describeErrors(
                                        load.errorsBetween(pausedAt, System.nanoTime())
                                    ) +
                                    "; last errors on shard 0: " +
                                    load.calls
                                        .filter { it.shard == 0L && it.error != null }
                                        .takeLast(3)
                                        .map { it.error }
                            )
                    delay(1_000)
                    job.cancelAndJoin()
                    val slowest = load.calls.maxOf { it.endNanos - it.startNanos } / 1_000_000
                    val errors = load.errorsBetween(pausedAt, Long.MAX_VALUE)
                    report.line(
                        "Leader of shard 0 (${victim.name}, bootstrap ${bootstrap.name}) stopped with SIGSTOP: " +
                            "shard 0 served again ${millisBetween(pausedAt, served)} ms later; " +
                            "slowest call $slowest ms with a $requestTimeout request timeout; " +
                            "errors: ${describeErrors(errors)}"
                    )
                    slowest shouldBeLessThan requestTimeout.inWholeMilliseconds + 1_000
                    millisBetween(pausedAt, served) shouldBeLessThan
                        recoveryBound.inWholeMilliseconds
                    errors.filter { it.error !is OxiaException }.shouldBeEmpty()
                }
            } finally {
                client.shutdown()
                withContext(Dispatchers.IO) {
                    victim.resume()
                    c.awaitReady()
                }
            }
            val audit = withClientOf(c.serviceAddress, c.version) { load.audit(it) }
            report.line(
                "${audit.acknowledged} acknowledged writes, ${audit.lost.size} lost; " +
                    "${audit.unknown} outcome-unknown, of which ${audit.unknownApplied} were applied"
            )
            audit.lost.shouldBeEmpty()
            audit.appliedTwice shouldBe 0
        }

        test(
            "a stalled leader with a short request timeout: the stalled calls point the client elsewhere"
        ) {
            stallLeaderOfShard0(requestTimeout = 3.seconds, recoveryBound = 15.seconds)
        }

        test("a stalled leader with the default request timeout: keepalive finds it") {
            stallLeaderOfShard0(requestTimeout = 30.seconds, recoveryBound = 25.seconds)
        }
    })
