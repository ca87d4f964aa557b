package io.oxia.coroutines.recipes

import io.oxia.coroutines.recipes.internal.ContactWatchdog
import io.oxia.coroutines.recipes.internal.LeaseQueue
import io.oxia.coroutines.recipes.internal.Turn
import java.util.concurrent.atomic.AtomicBoolean
import java.util.concurrent.atomic.AtomicReference
import kotlin.time.Duration
import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.CoroutineName
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.NonCancellable
import kotlinx.coroutines.SupervisorJob
import kotlinx.coroutines.launch
import kotlinx.coroutines.withContext
import kotlinx.coroutines.withTimeoutOrNull

/**
 * The holding of an [OxiaLock] (or of the leadership of an [OxiaElection]): valid from its making
 * until [release], or until it is lost.
 *
 * While it is held, a watchdog reads its record on the server; the lease is lost as soon as the
 * record is seen gone, or when no read has succeeded for the client's session timeout minus the
 * safety margin, which is before the server can expire the session and give the turn to the next
 * waiter. On loss, [scope] is cancelled with a [LeaseLostException] as the cause, [isHeld] turns
 * `false` and [ensureHeld] throws. Code that cannot be interrupted in time (a long blocking call)
 * should pass [fencingToken] to the systems it writes to, so that they refuse a stale holder. So
 * should every write: one already sent when the lease is lost can arrive after the next holder got
 * the lock (a partition holds it and delivers it when it heals).
 *
 * A lease must be released (`withLock`/`withLeadership` do it); an unreleased one keeps its record,
 * and so the lock, until the client's session ends. Thread-safe.
 */
public class Lease
internal constructor(
    private val queue: LeaseQueue,
    turn: Turn,
    budget: Duration,
    private val sessionTimeout: Duration,
) {
    /** The key of the record that holds the lease. */
    public val key: String = turn.entry.key

    /**
     * The version id of the lease's record: it grows with each new holder of the same lock or
     * election (each holder's record is written after its predecessor's), so a downstream system
     * can refuse writes that carry a lower token than one it has seen.
     */
    public val fencingToken: Long = turn.entry.version.versionId

    private val job = SupervisorJob()
    private val released = AtomicBoolean(false)
    private val lostBecause = AtomicReference<LeaseLostException?>(null)
    private val loss = CompletableDeferred<LeaseLostException>()

    /**
     * A scope that lives as long as the lease: cancelled when it is released, and cancelled with a
     * [LeaseLostException] as the cause when it is lost. Work that must stop with the lease belongs
     * here. Runs on [Dispatchers.Default].
     */
    public val scope: CoroutineScope =
        CoroutineScope(job + Dispatchers.Default + CoroutineName("oxia-lease $key"))

    init {
        val watchdog = ContactWatchdog(queue.client, key, queue.path, fencingToken, budget)
        scope.launch(CoroutineName("oxia-lease-watchdog $key")) {
            val lost = LeaseLostException(key, watchdog.awaitLoss(turn.confirmedAt))
            lostBecause.set(lost)
            loss.complete(lost)
            job.cancel(CancellationException(lost.message, lost))
        }
    }

    /** `true` until the lease is released or lost. */
    public val isHeld: Boolean
        get() = !released.get() && lostBecause.get() == null

    /**
     * Throws the [LeaseLostException] if the lease was lost, or [IllegalStateException] if it was
     * released; returns otherwise.
     */
    public fun ensureHeld() {
        lostBecause.get()?.let { throw it }
        check(!released.get()) { "lease $key was released" }
    }

    /** Suspends until the lease is lost, and returns why; never returns for a released lease. */
    internal suspend fun awaitLoss(): LeaseLostException = loss.await()

    /**
     * Ends the lease: cancels [scope], then deletes its record so that the next waiter gets its
     * turn. Runs to the end even when the caller is cancelled, for at most the session timeout;
     * when the server does not answer within it, returns without confirmation (the record then goes
     * with the session, or with the next successful release of the client). Idempotent.
     *
     * @throws io.oxia.coroutines.OxiaException when the server refused the delete of a lease that
     *   was not lost; the record then goes when the client's session ends.
     */
    public suspend fun release() {
        if (!released.compareAndSet(false, true)) return
        job.cancel()
        withContext(NonCancellable) {
            try {
                withTimeoutOrNull(sessionTimeout) { queue.remove(key, fencingToken) }
            } catch (e: Exception) {
                // A lost lease's record goes with its session; only a held one's failure matters.
                if (lostBecause.get() == null) throw e
            }
        }
    }

    override fun toString(): String = "Lease(key=$key, fencingToken=$fencingToken, held=$isHeld)"
}
