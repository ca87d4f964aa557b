package io.oxia.coroutines.recipes.java

import io.oxia.coroutines.java.OxiaAsyncClient
import io.oxia.coroutines.recipes.Leader
import io.oxia.coroutines.recipes.LeaseLostException
import io.oxia.coroutines.recipes.OxiaElection
import io.oxia.coroutines.recipes.java.internal.JavaCalls
import java.time.Duration
import java.util.Optional
import java.util.concurrent.CompletableFuture
import java.util.concurrent.CompletionStage
import java.util.concurrent.Flow
import java.util.function.Function
import kotlin.time.toKotlinDuration
import kotlinx.coroutines.flow.map
import kotlinx.coroutines.future.await

/**
 * A leader election, for Java: the Kotlin [OxiaElection] with futures and a publisher. Made by
 * [OxiaRecipes.election]. Candidates queue up in the order they campaign; the first one leads, and
 * the next takes over when it resigns, its session ends or it loses contact (it then loses its
 * lease before the server can elect the next). See [OxiaElection] for how.
 *
 * Futures complete, and the publisher signals, on the client's callback executor. Cancelling a
 * [campaign] withdraws the candidacy. Failures arrive as the cause of a `CompletionException`.
 */
public class OxiaAsyncElection
internal constructor(private val election: OxiaElection, private val calls: JavaCalls) {
    /** The election's key. */
    public val path: String
        get() = election.path

    /**
     * Stands for election with [value]; completes with the leadership once elected. Resign by
     * releasing it.
     */
    public fun campaign(value: ByteArray): CompletableFuture<AsyncLease> = calls.future {
        AsyncLease(election.campaign(value), calls)
    }

    /** Like [campaign] with a UTF-8 value. */
    public fun campaign(value: String): CompletableFuture<AsyncLease> =
        campaign(value.encodeToByteArray())

    /**
     * Campaigns with [value], calls [block] as leader (on the callback executor), and resigns when
     * the stage it returns completes; the future has the stage's outcome. When the leadership is
     * lost meanwhile, the stage is cancelled and the future fails with [LeaseLostException].
     */
    public fun <T> withLeadership(
        value: ByteArray,
        block: Function<AsyncLease, out CompletionStage<T>>,
    ): CompletableFuture<T> = calls.future {
        election.withLeadership(value) { lease ->
            calls.onCallbacks { block.apply(AsyncLease(lease, calls)) }.await()
        }
    }

    /** Like [withLeadership] with a UTF-8 value. */
    public fun <T> withLeadership(
        value: String,
        block: Function<AsyncLease, out CompletionStage<T>>,
    ): CompletableFuture<T> = withLeadership(value.encodeToByteArray(), block)

    /**
     * The current leader (empty while there is none), then each change; see [OxiaElection.leader].
     * Cold, conflated; cancelling the subscription stops following.
     */
    public fun leader(): Flow.Publisher<Optional<Leader>> =
        calls.publisher(election.leader.map { Optional.ofNullable(it) })

    override fun toString(): String = election.toString()

    /** Configures an [OxiaAsyncElection]; from [OxiaRecipes.election]. */
    public class Builder
    internal constructor(private val client: OxiaAsyncClient, private val path: String) {
        private var safetyMargin: Duration? = null

        /**
         * How long before the session timeout a leader without contact loses its leadership; more
         * than a third of the client's session timeout, less than all of it. Default half of it.
         */
        public fun safetyMargin(margin: Duration): Builder = apply { safetyMargin = margin }

        /**
         * The election; nothing is written before the first campaign.
         *
         * @throws IllegalArgumentException for an empty path or a safety margin out of range.
         */
        public fun build(): OxiaAsyncElection {
            val core = client.kotlinClient()
            val margin = safetyMargin?.toKotlinDuration() ?: (core.config.sessionTimeout / 2)
            return OxiaAsyncElection(OxiaElection(core, path, margin), JavaCalls.of(client))
        }
    }
}
