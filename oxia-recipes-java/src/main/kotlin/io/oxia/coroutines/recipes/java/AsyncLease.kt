package io.oxia.coroutines.recipes.java

import io.oxia.coroutines.recipes.Lease
import io.oxia.coroutines.recipes.LeaseLostException
import io.oxia.coroutines.recipes.java.internal.JavaCalls
import java.util.concurrent.CompletableFuture
import kotlinx.coroutines.job

/**
 * The holding of an [OxiaAsyncLock] (or the leadership of an [OxiaAsyncElection]), for Java: valid
 * from its making until [release], or until it is lost. It wraps the Kotlin [Lease], whose contract
 * it keeps: a watchdog reads the lease's record, and the lease is lost as soon as the record is
 * seen gone, or when no read has succeeded for the client's session timeout minus the safety
 * margin, which is before the server can expire the session and give the turn to the next waiter.
 *
 * Work that must stop with the lease should watch [ended] (or call [ensureHeld] between steps), and
 * pass [getFencingToken] to the systems it writes to, so that they refuse a stale holder. A lease
 * must be released; an unreleased one keeps its record, and so the lock, until the client's session
 * ends. Futures complete on the client's callback executor. Thread-safe.
 */
public class AsyncLease
internal constructor(private val lease: Lease, private val calls: JavaCalls) {
    /** The key of the record that holds the lease. */
    public val key: String
        get() = lease.key

    /**
     * The version id of the lease's record: it grows with each new holder of the same lock or
     * election, so a downstream system can refuse writes that carry a lower token than one it has
     * seen.
     */
    public val fencingToken: Long
        get() = lease.fencingToken

    /** `true` until the lease is released or lost. */
    public val isHeld: Boolean
        get() = lease.isHeld

    /**
     * Returns if the lease is held; throws the [LeaseLostException] if it was lost, or
     * [IllegalStateException] if it was released.
     */
    public fun ensureHeld() {
        lease.ensureHeld()
    }

    /**
     * A future that completes when the lease ends: normally once it is released, with the
     * [LeaseLostException] (as the cause of the `CompletionException`) as soon as it is lost.
     * Cancelling the future only stops this watch.
     */
    public fun ended(): CompletableFuture<Void?> = calls.future {
        lease.scope.coroutineContext.job.join()
        // Ended: ensureHeld throws why, the loss (set before the scope is cancelled) or the
        // release.
        try {
            lease.ensureHeld()
        } catch (e: IllegalStateException) {
            if (e is LeaseLostException) throw e
        }
        null
    }

    /**
     * Ends the lease and deletes its record so that the next waiter gets its turn; see
     * [Lease.release]. Completes even when the future is cancelled meanwhile (the release goes on).
     * Idempotent.
     */
    public fun release(): CompletableFuture<Void?> = calls.future {
        lease.release()
        null
    }

    override fun toString(): String = lease.toString()
}
