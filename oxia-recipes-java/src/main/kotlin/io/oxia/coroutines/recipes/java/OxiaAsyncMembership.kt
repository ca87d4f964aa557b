package io.oxia.coroutines.recipes.java

import io.oxia.coroutines.recipes.Member
import io.oxia.coroutines.recipes.OxiaMembership
import io.oxia.coroutines.recipes.java.internal.JavaCalls
import java.util.concurrent.CompletableFuture
import java.util.concurrent.Flow

/**
 * Membership of a group, for Java: the Kotlin [OxiaMembership] with futures and a publisher. Made
 * by [OxiaRecipes.membership]. A member is an ephemeral record, written again when it is deleted
 * while the member is joined; it goes when the member leaves or its client's session ends. See
 * [OxiaMembership] for how.
 *
 * Futures complete, and the publisher signals, on the client's callback executor. Failures arrive
 * as the cause of a `CompletionException`. Thread-safe.
 */
public class OxiaAsyncMembership
internal constructor(private val membership: OxiaMembership, private val calls: JavaCalls) {
    /** The group's key. */
    public val group: String
        get() = membership.group

    /**
     * Joins the group as [memberId] with [metadata]; completes once the member's record is written
     * and kept. Fails with `IllegalArgumentException` for an empty id or one containing `/`, and
     * with `IllegalStateException` when this instance has joined and not left.
     */
    public fun join(memberId: String, metadata: ByteArray): CompletableFuture<Void?> =
        calls.future {
            membership.join(memberId, metadata)
            null
        }

    /** Like [join] with UTF-8 [metadata]. */
    public fun join(memberId: String, metadata: String): CompletableFuture<Void?> =
        join(memberId, metadata.encodeToByteArray())

    /**
     * Leaves the group: stops keeping the member's record, then deletes it; goes on when the future
     * is cancelled. Does nothing when not joined.
     */
    public fun leave(): CompletableFuture<Void?> = calls.future {
        membership.leave()
        null
    }

    /**
     * The group's current members, then the members after each change; see
     * [OxiaMembership.members]. Cold, conflated; completes when the client closes.
     */
    public fun members(): Flow.Publisher<Set<Member>> = calls.publisher(membership.members)

    override fun toString(): String = membership.toString()
}
