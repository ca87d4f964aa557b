package io.oxia.coroutines.recipes

import io.oxia.coroutines.OxiaClient
import io.oxia.coroutines.recipes.internal.LeaseQueue
import io.oxia.coroutines.recipes.internal.awaitTurn
import io.oxia.coroutines.recipes.internal.contactBudget
import io.oxia.coroutines.recipes.internal.hold
import kotlin.time.Duration
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.withTimeoutOrNull

/**
 * A fair distributed lock at [path]: holders, in any number of processes, get it one at a time, in
 * the order they asked.
 *
 * Each acquirer appends an ephemeral record with a server-generated sequence key under [path] (all
 * of them on one shard, by using [path] as partition key) and waits, through notifications, for the
 * record just before its own to go; the first record holds the lock. There is no polling and a
 * release wakes only the next waiter. Records are ephemeral, so a crashed holder's lock is freed
 * when its session expires.
 *
 * The holder gets a [Lease] with a fencing token. When the client loses contact with the server,
 * the holder's block (and [Lease.scope]) is cancelled once contact has been lost for the session
 * timeout minus [safetyMargin], before the server can expire the session and hand the lock on: two
 * holders that honour cancellation never overlap. See [Lease] for what that needs. Measured on a
 * v0.17.1 cluster of three servers with a 5 s session timeout and the default margin: a partitioned
 * holder stopped 2.4 s after the partition and the next waiter held the lock 3.9–4.3 s after it;
 * when the shard's leader was killed, the holder kept its lease and the next waiter held the lock
 * 0.1–0.35 s after the kill; when the leader hung (SIGSTOP), the holder stopped after 2.4 s and the
 * lock moved on once the coordinator had moved the shard, 16.3–18.1 s after the hang (the project's
 * README has the details).
 *
 * Nothing is written before the first acquire. Records under [path] belong to the lock: do not
 * write or delete them by hand.
 *
 * @param client the client whose session carries the records; closing it frees every lock it holds.
 * @param path the lock's key; its records are `<path>/entry-<sequence>`.
 * @param safetyMargin how long before the session timeout a holder without contact is stopped; more
 *   than a third of the client's session timeout, less than all of it. Default half of it.
 * @throws IllegalArgumentException for an empty [path] or a [safetyMargin] out of range.
 */
public class OxiaLock(
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
     * Suspends until the lock is held, and returns the lease, which the caller must
     * [release][Lease.release]. Cancelling the call withdraws the request (its record is deleted).
     *
     * @throws io.oxia.coroutines.OxiaException when the server cannot be used (the record written
     *   so far is deleted first).
     */
    public suspend fun acquire(): Lease =
        Lease(queue, queue.awaitTurn(ByteArray(0)), budget, sessionTimeout)

    /**
     * Like [acquire], giving up after [timeout]: returns `null` (and leaves the queue) when the
     * lock could not be had in time.
     */
    public suspend fun tryAcquire(timeout: Duration): Lease? {
        var lease: Lease? = null
        // The assignment, not the result, tells: a timeout that fires as acquire returns must not
        // lose a lease that was made.
        withTimeoutOrNull(timeout) { lease = acquire() }
        return lease
    }

    /**
     * Acquires the lock, runs [block] with the lease, and releases it however the block ends. When
     * the lease is lost meanwhile, the block is cancelled and this call throws [LeaseLostException]
     * once the block has finished.
     */
    public suspend fun <T> withLock(block: suspend CoroutineScope.(Lease) -> T): T =
        hold(acquire(), block)

    override fun toString(): String = "OxiaLock($path)"
}
