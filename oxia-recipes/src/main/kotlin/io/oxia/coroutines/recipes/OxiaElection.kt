package io.oxia.coroutines.recipes

import io.oxia.coroutines.OxiaClient
import io.oxia.coroutines.recipes.internal.LeaseQueue
import io.oxia.coroutines.recipes.internal.awaitTurn
import io.oxia.coroutines.recipes.internal.contactBudget
import io.oxia.coroutines.recipes.internal.heads
import io.oxia.coroutines.recipes.internal.hold
import kotlin.time.Duration
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.map

/**
 * A leader election at [path]: candidates queue up in the order they campaign, the first one is the
 * leader, and the next takes over when it resigns, its session ends or it loses contact.
 *
 * It is an [OxiaLock] whose holder carries a value (an address, an id) that observers read through
 * [leader], so it has the same guarantees: candidates wait through notifications without polling,
 * each leadership has a growing fencing token, and a leader that loses contact with the server is
 * stopped (its [Lease.scope] and its [withLeadership] block are cancelled) before the server can
 * expire its session and elect the next candidate. Measured on a v0.17.1 cluster of three servers
 * with a 5 s session timeout: a partitioned leader stopped 2.2–2.3 s after the partition and the
 * next candidate was elected 4.0–4.1 s after it; a leader kept office through the kill of the
 * shard's leader server; when that server hung, the leader stopped after 2.2 s and a leader was
 * elected again 16.3–17.7 s after the hang, once the coordinator had moved the shard.
 *
 * @param client the client whose session carries the candidacies.
 * @param path the election's key; its records are `<path>/entry-<sequence>`.
 * @param safetyMargin see [OxiaLock].
 * @throws IllegalArgumentException for an empty [path] or a [safetyMargin] out of range.
 */
public class OxiaElection(
    client: OxiaClient,
    public val path: String,
    safetyMargin: Duration = client.config.sessionTimeout / 2,
) {
    private val queue = LeaseQueue(client, path)
    private val budget = contactBudget(client, safetyMargin)
    private val sessionTimeout = client.config.sessionTimeout

    init {
        require(path.isNotEmpty()) { "path must not be empty" }
    }

    /**
     * Stands for election with [value] and suspends until elected. Returns the leadership as a
     * [Lease]: resign by [releasing][Lease.release] it. Cancelling the call withdraws the
     * candidacy.
     *
     * @throws io.oxia.coroutines.OxiaException when the server cannot be used.
     */
    public suspend fun campaign(value: ByteArray): Lease =
        Lease(queue, queue.awaitTurn(value), budget, sessionTimeout)

    /** Like [campaign] with a UTF-8 value. */
    public suspend fun campaign(value: String): Lease = campaign(value.toByteArray())

    /**
     * Campaigns with [value], runs [block] as leader and resigns however the block ends. When the
     * leadership is lost meanwhile, the block is cancelled and this call throws
     * [LeaseLostException] once the block has finished.
     */
    public suspend fun <T> withLeadership(
        value: ByteArray,
        block: suspend CoroutineScope.(Lease) -> T,
    ): T = hold(campaign(value), block)

    /**
     * The current leader (`null` while there is none), then each change. Cold: each collection
     * subscribes to the election's changes first and then reads it, and reads it again after every
     * change, so no change of leader is missed. Conflated: a slow collector sees the latest leader.
     * A leader is reported as soon as its record is first in the queue, which may be an instant
     * before its own [campaign] returns.
     */
    public val leader: Flow<Leader?>
        get() = queue.heads().map { head -> head?.let { Leader(it.key, it.value, it.versionId) } }

    override fun toString(): String = "OxiaElection($path)"
}
