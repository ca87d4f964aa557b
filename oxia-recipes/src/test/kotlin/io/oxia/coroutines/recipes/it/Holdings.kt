package io.oxia.coroutines.recipes.it

import java.util.concurrent.CopyOnWriteArrayList
import kotlin.time.Duration
import kotlin.time.Duration.Companion.nanoseconds
import kotlinx.coroutines.delay
import kotlinx.coroutines.withTimeoutOrNull

/**
 * The journal of who held a lock (or led an election) when, in one JVM's monotonic clock: each
 * holding from the moment its block started to the moment it ended, however it ended.
 */
class Holdings {
    /** One holding; [until] is `null` while the holder's block runs. */
    class Holding(val holder: String, val token: Long, val from: Long) {
        @Volatile var until: Long? = null
        /** When the lease's scope completed (was cancelled), if it has. */
        @Volatile var scopeEnded: Long? = null
        /** Whether the block ended because the lease was lost. */
        @Volatile var lost: Boolean = false

        override fun toString(): String =
            "$holder(token $token, ${from / 1_000_000}..${until?.let { it / 1_000_000 }} ms)"
    }

    private val all = CopyOnWriteArrayList<Holding>()

    val count: Int
        get() = all.size

    fun begin(holder: String, token: Long): Holding =
        Holding(holder, token, System.nanoTime()).also { all += it }

    fun end(holding: Holding, lost: Boolean) {
        holding.lost = lost
        holding.until = System.nanoTime()
    }

    /** The first holding. */
    fun first(): Holding = all.first()

    /** The holding whose block runs now, if any. */
    fun current(): Holding? = all.lastOrNull { it.until == null }

    /** Waits up to [timeout] for a holding that started after [instant] (a [System.nanoTime]). */
    suspend fun firstAfter(instant: Long, timeout: Duration): Holding? =
        withTimeoutOrNull(timeout) {
            var found = all.firstOrNull { it.from > instant }
            while (found == null) {
                delay(5)
                found = all.firstOrNull { it.from > instant }
            }
            found
        }

    /** Waits up to [timeout] for [holding]'s block to end; its end, or `null`. */
    suspend fun awaitEnd(holding: Holding, timeout: Duration): Long? =
        withTimeoutOrNull(timeout) {
            while (holding.until == null) delay(5)
            holding.until
        }

    /**
     * @throws AssertionError when two holdings overlap, or one has not ended (call it once every
     *   holder stopped).
     */
    fun verifyNoOverlap() {
        val sorted = all.sortedBy { it.from }
        sorted.firstOrNull { it.until == null }?.let { throw AssertionError("still held: $it") }
        sorted.zipWithNext().forEach { (a, b) ->
            if (a.until!! > b.from) throw AssertionError("holdings overlap: $a and $b")
        }
        val tokens = sorted.map { it.token }
        if (tokens != tokens.sorted()) throw AssertionError("tokens not growing: $sorted")
    }

    companion object {
        fun between(from: Long, to: Long): Duration = (to - from).nanoseconds

        fun Duration.ms(): String = "${inWholeMilliseconds} ms"
    }
}
