package io.oxia.coroutines.recipes.java

import io.oxia.coroutines.java.OxiaAsyncClient
import io.oxia.coroutines.recipes.LeaseLostException
import io.oxia.coroutines.recipes.OxiaLock
import io.oxia.coroutines.recipes.java.internal.JavaCalls
import java.time.Duration
import java.util.concurrent.CompletableFuture
import java.util.concurrent.CompletionStage
import java.util.function.Function
import kotlin.time.toKotlinDuration
import kotlinx.coroutines.future.await

/**
 * A fair distributed lock, for Java: the Kotlin [OxiaLock] with futures. Made by
 * [OxiaRecipes.lock]. Holders, in any number of processes, get it one at a time in the order they
 * asked; waiting is driven by notifications, without polling; each holding carries a fencing token;
 * and a holder that loses contact with the server loses its lease before the server can give the
 * lock to the next waiter. See [OxiaLock] for how.
 *
 * Futures complete on the client's callback executor, never on a thread the client needs.
 * Cancelling a future cancels its operation: a cancelled [acquire] withdraws the request. Failures
 * arrive as the cause of a `CompletionException`, from the `OxiaException` hierarchy.
 */
public class OxiaAsyncLock
internal constructor(private val lock: OxiaLock, private val calls: JavaCalls) {
    /** The lock's key. */
    public val path: String
        get() = lock.path

    /** Completes with the lease once the lock is held; the caller must release it. */
    public fun acquire(): CompletableFuture<AsyncLease> = calls.future {
        AsyncLease(lock.acquire(), calls)
    }

    /**
     * Like [acquire], giving up after [timeout]: completes with `null` (and leaves the queue) when
     * the lock could not be had in time.
     */
    public fun tryAcquire(timeout: Duration): CompletableFuture<AsyncLease?> = calls.future {
        lock.tryAcquire(timeout.toKotlinDuration())?.let { AsyncLease(it, calls) }
    }

    /**
     * Acquires the lock, calls [block] with the lease (on the callback executor), and releases the
     * lock when the stage [block] returns completes, however it completes; the future has the
     * stage's outcome. When the lease is lost meanwhile, the stage is cancelled and the future
     * fails with [LeaseLostException].
     */
    public fun <T> withLock(
        block: Function<AsyncLease, out CompletionStage<T>>
    ): CompletableFuture<T> = calls.future {
        lock.withLock { lease ->
            calls.onCallbacks { block.apply(AsyncLease(lease, calls)) }.await()
        }
    }

    override fun toString(): String = lock.toString()

    /** Configures an [OxiaAsyncLock]; from [OxiaRecipes.lock]. */
    public class Builder
    internal constructor(private val client: OxiaAsyncClient, private val path: String) {
        private var safetyMargin: Duration? = null

        /**
         * How long before the session timeout a holder without contact loses its lease; more than a
         * third of the client's session timeout, less than all of it. Default half of it.
         */
        public fun safetyMargin(margin: Duration): Builder = apply { safetyMargin = margin }

        /**
         * The lock; nothing is written before the first acquire.
         *
         * @throws IllegalArgumentException for an empty path or a safety margin out of range.
         */
        public fun build(): OxiaAsyncLock {
            val core = client.kotlinClient()
            val margin = safetyMargin?.toKotlinDuration() ?: (core.config.sessionTimeout / 2)
            return OxiaAsyncLock(OxiaLock(core, path, margin), JavaCalls.of(client))
        }
    }
}
