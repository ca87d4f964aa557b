package io.oxia.coroutines.it.reliability

import io.kotest.assertions.withClue
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldBeEmpty
import io.kotest.matchers.collections.shouldContainExactly
import io.kotest.matchers.ints.shouldBeGreaterThan
import io.kotest.matchers.longs.shouldBeInRange
import io.kotest.matchers.shouldBe
import io.oxia.coroutines.OxiaClient
import io.oxia.coroutines.OxiaException
import io.oxia.coroutines.SessionEvent
import io.oxia.coroutines.SessionState
import io.oxia.coroutines.admin.NamespaceConfig
import io.oxia.coroutines.admin.OxiaAdminClient
import io.oxia.coroutines.get
import io.oxia.coroutines.it.cluster
import io.oxia.coroutines.it.shardOf
import io.oxia.coroutines.it.whereCoordinatorServesAdmin
import io.oxia.coroutines.it.withClientOf
import io.oxia.coroutines.list
import io.oxia.coroutines.notifications
import io.oxia.coroutines.put
import io.oxia.coroutines.rangeScan
import io.oxia.coroutines.testing.OxiaCluster
import java.util.concurrent.ConcurrentHashMap
import java.util.concurrent.ConcurrentLinkedQueue
import kotlin.time.Duration
import kotlin.time.Duration.Companion.seconds
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.async
import kotlinx.coroutines.awaitAll
import kotlinx.coroutines.cancelAndJoin
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.delay
import kotlinx.coroutines.flow.onEach
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.launch
import kotlinx.coroutines.withContext
import kotlinx.coroutines.withTimeout
import kotlinx.coroutines.withTimeoutOrNull

/**
 * A live shard split, twice (the parent, then one of its children), driven through the admin client
 * on a 3-server cluster with replication 3, while a steady load writes and reads, a notification
 * collector and a sequence-update collector run, a `list` and a `rangeScan` are being collected,
 * and ephemeral records are held. Only on servers with the admin API (v0.16+). Figures go to
 * `target/reliability/shard-split-<version>.md`.
 */
class ShardSplitSpec :
    FunSpec({
        val cluster = cluster()

        test("two generations of live splits: nothing acknowledged lost, every stream exact")
            .config(enabledOrReasonIf = whereCoordinatorServesAdmin) {
                splitSpec(cluster.value, NAMESPACE, "shard-split", minimumWrites = 200) {
                    admin,
                    client,
                    report ->
                    splitUnderLoad(cluster.value, admin, client, report)
                }
            }

        test("a shard split while its leader is killed: nothing acknowledged lost").config(
            enabledOrReasonIf = whereCoordinatorServesAdmin
        ) {
            splitSpec(
                cluster.value,
                KILL_NAMESPACE,
                "shard-split-leader-kill",
                minimumWrites = 100,
            ) { admin, client, report ->
                splitUnderLeaderKill(cluster.value, admin, client, report)
            }
        }
    })

/**
 * Creates [namespace] (1 shard, replication 3), runs [scenario] with an admin client and a data
 * client of it, then reads every write of its load back: at least [minimumWrites] acknowledged,
 * none lost, none applied twice. Figures go to the report [reportName].
 */
private suspend fun splitSpec(
    c: OxiaCluster,
    namespace: String,
    reportName: String,
    minimumWrites: Int,
    scenario: suspend (OxiaAdminClient, OxiaClient, ReliabilityReport) -> SplitLoad,
) {
    val report = ReliabilityReport("$reportName-${c.version}")
    val admin = OxiaAdminClient.connect(c.adminAddress!!) { requestTimeout = 20.seconds }
    try {
        admin.createNamespace(NamespaceConfig(namespace, 1, 3))
        val load = withSplitClient(c, namespace) { client -> scenario(admin, client, report) }
        val audit = withSplitClient(c, namespace) { load.audit(it) }
        report.line(
            "${audit.acknowledged} acknowledged writes, ${audit.lost.size} lost; " +
                "${audit.unknown} outcome-unknown, of which ${audit.unknownApplied} applied"
        )
        audit.acknowledged shouldBeGreaterThan minimumWrites
        audit.lost.shouldBeEmpty()
        audit.appliedTwice shouldBe 0
    } finally {
        admin.shutdown()
    }
}

private const val NAMESPACE = "live-split"
private const val KILL_NAMESPACE = "split-under-kill"
private const val VICTIM_DOWN_MILLIS = 3_000L
private val SPLIT_LIMIT: Duration = 90.seconds

private suspend fun <T> withSplitClient(
    c: OxiaCluster,
    namespace: String,
    block: suspend (OxiaClient) -> T,
): T =
    withClientOf(
        c.serviceAddress,
        c.version,
        {
            this.namespace = namespace
            requestTimeout = 30.seconds
            sessionTimeout = 6.seconds
        },
        block,
    )

private suspend fun splitUnderLoad(
    c: OxiaCluster,
    admin: OxiaAdminClient,
    client: OxiaClient,
    report: ReliabilityReport,
): SplitLoad = coroutineScope {
    val scanKeys = List(2_000) { "/scan/%05d".format(it) }
    scanKeys.chunked(200).forEach { chunk ->
        chunk.map { async { client.put(it, "s") } }.awaitAll()
    }
    val ephemeralKeys = List(10) { "/eph/$it" }
    ephemeralKeys.forEach { client.put(it, "e", ephemeral = true) }

    val sessionEvents = ConcurrentLinkedQueue<SessionEvent>()
    val sessionWatch = launch { client.sessionEvents.collect { sessionEvents += it } }
    val notified = ConcurrentHashMap<String, Int>()
    val established = CompletableDeferred<Unit>()
    val notifier = launch {
        client.notifications(onEstablished = { established.complete(Unit) }).collect {
            if (it.key.startsWith(SplitLoad.PREFIX)) notified.merge(it.key, 1, Int::plus)
        }
    }
    withTimeout(30.seconds) { established.await() }
    val sequenceSeen = ConcurrentLinkedQueue<String>()
    val sequencer = launch {
        client.sequenceUpdates("/seq/", "p").collect { sequenceSeen += it }
    }

    val load = SplitLoad(client)
    val loadJob = load.start(this)
    // Slow collectors, so that both reads are under way when the shard splits.
    val scanned = async {
        client.rangeScan("/scan/", "/scan//").onEach { delay(2) }.toList().map { it.key }
    }
    val listed = async { client.list("/scan/", "/scan//").onEach { delay(2) }.toList() }
    delay(1_000)

    report.line(
        "| split | asked → both children in steady state | → first acknowledged write on each child |"
    )
    report.line("|---|---|---|")
    val parent = admin.getNamespace(NAMESPACE).shards.single()
    val first = splitAndWait(admin, parent.id)
    report.line(first.describe(parent.id, load))
    delay(2_000)
    val second = splitAndWait(admin, first.right)
    report.line(second.describe(first.right, load))
    delay(2_000)
    loadJob.cancelAndJoin()
    report.line("errors during the load: ${load.describeErrors()}")

    withClue("rangeScan through the splits") { scanned.await() shouldContainExactly scanKeys }
    withClue("list through the splits") { listed.await() shouldContainExactly scanKeys }
    // Every acknowledged write was notified once.
    withTimeoutOrNull(30.seconds) {
        while (!notified.keys.containsAll(load.acknowledged.keys)) delay(100)
    }
    val unnotified = load.acknowledged.keys - notified.keys
    val shardsNow = unnotified.map { client.shardOf(it) }.toSet()
    withClue(
        "${unnotified.size} acknowledged writes not notified, on shards $shardsNow: " +
            unnotified.sorted().take(10)
    ) {
        unnotified.shouldBeEmpty()
    }
    notified.filterValues { it > 1 }.keys.shouldBeEmpty()
    notified.keys.filterNot { it in load.acknowledged || it in load.outcomeUnknown }.shouldBeEmpty()
    // Sequence keys stay monotonic, as generated and as seen by the update collector.
    load.sequenceKeys.toList().zipWithNext().filter { (a, b) -> a >= b }.shouldBeEmpty()
    sequenceSeen.toList().zipWithNext().filter { (a, b) -> a >= b }.shouldBeEmpty()
    // The update of the last key may still be on its way; sequence puts that failed may have
    // been applied, each adding one key past the last acknowledged.
    val lastAcknowledged = load.sequenceKeys.last()
    withTimeoutOrNull(10.seconds) { while (sequenceSeen.last() < lastAcknowledged) delay(50) }
    val beyond = sequenceNumber(sequenceSeen.last()) - sequenceNumber(lastAcknowledged)
    withClue("last update ${sequenceSeen.last()}, last acknowledged $lastAcknowledged") {
        beyond shouldBeInRange 0L..load.failedSequencePuts.toLong()
    }
    // Ephemeral records and their session survive the splits.
    val gone = ephemeralKeys.filter { client.get(it)?.version?.isEphemeral != true }
    withClue("ephemeral records gone: $gone; session events: ${sessionEvents.toList()}") {
        gone.shouldBeEmpty()
        sessionEvents.filter { it.state == SessionState.EXPIRED }.shouldBeEmpty()
    }
    listOf(sessionWatch, notifier, sequencer).forEach { it.cancelAndJoin() }
    load
}

/** A split done: its children, when it was asked and when both children were in steady state. */
private class SplitDone(val left: Long, val right: Long, val asked: Long, val steady: Long) {
    /** A row of the report: the split's times and the first write acknowledged on each child. */
    suspend fun describe(parent: Long, load: SplitLoad): String {
        val firstWrites =
            listOf(left, right).map {
                "$it: ${millisBetween(steady, load.awaitAcknowledgedOn(it, steady))} ms"
            }
        return "| shard $parent → $left, $right | ${millisBetween(asked, steady)} ms | " +
            "${firstWrites.joinToString()} |"
    }
}

/** Splits [shard] and waits until both children are in steady state and the parent is gone. */
private suspend fun splitAndWait(
    admin: OxiaAdminClient,
    shard: Long,
    namespace: String = NAMESPACE,
): SplitDone {
    val asked = System.nanoTime()
    // Refused while the shard has no leader (a leader was just killed): asked again until taken.
    val split =
        withTimeout(SPLIT_LIMIT) {
            while (true) {
                try {
                    return@withTimeout admin.splitShard(namespace, shard)
                } catch (e: OxiaException) {
                    delay(200)
                }
            }
            @Suppress("UNREACHABLE_CODE") error("unreachable")
        }
    val children = setOf(split.leftChildShard, split.rightChildShard)
    withClue("shard $shard split within $SPLIT_LIMIT") {
        withTimeout(SPLIT_LIMIT) {
            while (true) {
                val shards = admin.getNamespace(namespace).shards
                val steady = shards.filter { it.id in children && it.status == "SteadyState" }
                if (shards.none { it.id == shard } && steady.size == 2) break
                delay(200)
            }
        }
    }
    return SplitDone(split.leftChildShard, split.rightChildShard, asked, System.nanoTime())
}

private fun sequenceNumber(key: String): Long = key.substringAfterLast('-').toLong()

private suspend fun splitUnderLeaderKill(
    c: OxiaCluster,
    admin: OxiaAdminClient,
    client: OxiaClient,
    report: ReliabilityReport,
): SplitLoad = coroutineScope {
    val ephemeralKeys = List(10) { "/eph/$it" }
    ephemeralKeys.forEach { client.put(it, "e", ephemeral = true) }
    val sessionEvents = ConcurrentLinkedQueue<SessionEvent>()
    val sessionWatch = launch { client.sessionEvents.collect { sessionEvents += it } }
    val load = SplitLoad(client)
    val loadJob = load.start(this)
    delay(1_000)
    val shard = admin.getNamespace(KILL_NAMESPACE).shards.single()
    val victim = c.server(shard.leader!!)
    withContext(Dispatchers.IO) { victim.kill() }
    // Split once the shard has a new leader: Oxia v0.17.1 finishes a split asked while the leader
    // is down only once that server is back (its split controller keeps adding the children as
    // observers on the leader it first saw, not on the one elected next).
    withClue("shard ${shard.id} has a new leader within 30 s") {
        withTimeout(30.seconds) {
            while (
                admin.getNamespace(KILL_NAMESPACE).shards.single().leader.let {
                    it == null || it == shard.leader
                }
            ) delay(100)
        }
    }
    val restart = launch {
        delay(VICTIM_DOWN_MILLIS)
        withContext(Dispatchers.IO) { victim.restart() }
    }
    report.line(
        "| split | asked → both children in steady state | → first acknowledged write on each child |"
    )
    report.line("|---|---|---|")
    report.line(
        splitAndWait(admin, shard.id, KILL_NAMESPACE).describe(shard.id, load) +
            " (asked once a new leader replaced the killed ${victim.name}, restarted ${VICTIM_DOWN_MILLIS} ms later)"
    )
    delay(2_000)
    loadJob.cancelAndJoin()
    report.line("errors during the load: ${load.describeErrors()}")
    restart.join()
    withContext(Dispatchers.IO) { c.awaitReady() }
    // Reported, not asserted: when the client learns of this split later than the session timeout
    // (its shard-map stream hit by the kill too), the children have expired the session already.
    val gone = ephemeralKeys.filter { client.get(it)?.version?.isEphemeral != true }
    val expired = sessionEvents.count { it.state == SessionState.EXPIRED }
    report.line(
        "ephemeral records gone: ${gone.size} of ${ephemeralKeys.size}; sessions expired: $expired"
    )
    sessionWatch.cancelAndJoin()
    load
}
