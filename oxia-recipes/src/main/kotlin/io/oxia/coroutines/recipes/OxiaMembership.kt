package io.oxia.coroutines.recipes

import io.oxia.coroutines.OxiaClient
import io.oxia.coroutines.recipes.internal.GroupKeys
import io.oxia.coroutines.recipes.internal.MemberRecord
import io.oxia.coroutines.recipes.internal.groupMembers
import kotlinx.coroutines.CoroutineName
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.SupervisorJob
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.sync.Mutex
import kotlinx.coroutines.sync.withLock

/**
 * Membership of a [group]: processes [join] it with an id and some metadata (an address, a
 * capacity), and anyone can follow who is in it through [members].
 *
 * A member is an ephemeral record `<group>/<memberId>` written with [group] as partition key, so
 * that a group lives on one shard and in one notification stream. The record goes when the member
 * [leave]s or when its client's session ends (at once on `shutdown`, after the session timeout on a
 * crash: on a v0.17.1 cluster with a 5 s timeout, observers saw a crashed member go 4.98–5.00 s
 * after the crash, and a partitioned one come back 0.11 s after the partition healed). While the
 * member is joined, its record is kept: when it is deleted (by someone else, or by the server
 * because the client's session on the shard expired while the client lives on), it is written again
 * as soon as the deletion is notified.
 *
 * One instance holds at most one member of its own; observing needs no membership. Thread-safe.
 *
 * @param client the client whose session carries the member's record.
 * @param group the group's key; member records are `<group>/<memberId>`. Keys deeper under it are
 *   not members.
 * @throws IllegalArgumentException for an empty [group].
 */
public class OxiaMembership(private val client: OxiaClient, public val group: String) {
    private val keys = GroupKeys(group)
    private val mutex = Mutex()
    private var record: MemberRecord? = null
    private val scope =
        CoroutineScope(SupervisorJob() + Dispatchers.Default + CoroutineName("oxia-group $group"))

    init {
        require(group.isNotEmpty()) { "group must not be empty" }
    }

    /**
     * Joins the group as [memberId] with [metadata], and returns once the member's record is
     * written and every later deletion of it will be answered by writing it again. The keeping runs
     * in the background until [leave] or until the client closes. Joining with an id another
     * process uses overwrites that member's record.
     *
     * @throws IllegalArgumentException for an empty [memberId] or one containing `/`.
     * @throws IllegalStateException when this instance has already joined and not left.
     * @throws io.oxia.coroutines.OxiaException when the record could not be written (nothing is
     *   kept then).
     */
    public suspend fun join(memberId: String, metadata: ByteArray) {
        require(memberId.isNotEmpty() && '/' !in memberId) { "invalid member id '$memberId'" }
        mutex.withLock {
            check(record == null) { "already joined $group" }
            val joining = MemberRecord(client, keys, memberId, metadata)
            joining.keep(scope)
            record = joining
        }
    }

    /** Like [join] with UTF-8 [metadata]. */
    public suspend fun join(memberId: String, metadata: String) {
        join(memberId, metadata.toByteArray())
    }

    /**
     * Leaves the group: stops keeping the member's record, then deletes it. Runs to the end even
     * when the caller is cancelled. Does nothing when not joined.
     *
     * @throws io.oxia.coroutines.OxiaException when the delete failed; the record then goes when
     *   the client's session ends, and is no longer written again.
     */
    public suspend fun leave() {
        mutex.withLock {
            val leaving = record ?: return
            record = null
            leaving.remove()
        }
    }

    /**
     * The group's current members, then the members after each change. Cold: each collection
     * subscribes to the group's changes, waits until the subscription is established, then reads
     * the group, so no change after the first set is missed. Conflated: a slow collector sees the
     * latest set. Completes when the client closes; fails with an
     * [io.oxia.coroutines.OxiaException] when the group cannot be read or followed.
     */
    public val members: Flow<Set<Member>>
        get() = client.groupMembers(keys)

    override fun toString(): String = "OxiaMembership($group)"
}
