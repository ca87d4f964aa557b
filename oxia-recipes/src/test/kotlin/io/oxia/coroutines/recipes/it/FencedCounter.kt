package io.oxia.coroutines.recipes.it

import io.oxia.coroutines.OutcomeUnknownException
import io.oxia.coroutines.OxiaClient
import io.oxia.coroutines.UnexpectedVersionException
import io.oxia.coroutines.get
import io.oxia.coroutines.put
import java.util.Collections
import java.util.concurrent.ConcurrentHashMap
import java.util.concurrent.atomic.AtomicInteger
import kotlinx.coroutines.CompletableDeferred

/**
 * A counter record incremented under a lock, as a downstream system guarded by fencing tokens: it
 * stores `count|highest token|id of the write`, refuses a write whose token is below the highest
 * one it stored, and takes a write only on the version that was read (a conditional put), so a
 * stale holder's write is refused once a newer holder has written, even when it races the check.
 *
 * It keeps the evidence that the count is exact and fenced: every state a read saw was applied, and
 * so was the final one; each write moves the count by one from the state it read, so the states
 * seen give the history. A write acknowledged but never seen is a lost increment, one applied that
 * no writer sent (or whose writer was told it failed) a phantom, and a token lower than its
 * predecessor's in the history a stale write that got through.
 */
class FencedCounter(val key: String) {
    /** Ids of writes acknowledged by the server. */
    val acknowledged: MutableSet<String> = Collections.synchronizedSet(mutableSetOf())
    /** Ids of writes whose outcome is unknown: lost answers, and calls cancelled in flight. */
    val unknown: MutableSet<String> = Collections.synchronizedSet(mutableSetOf())
    /** The states reads saw, by count: the token and the id of the write that made each. */
    private val history = ConcurrentHashMap<Int, Pair<Long, String>>()
    /** Writes refused because their token was below the highest one stored. */
    val staleTokens = AtomicInteger()
    /** Writes refused because the record changed since it was read. */
    val versionConflicts = AtomicInteger()
    private val sequence = AtomicInteger()

    /**
     * Stops the next writer between its read and its write until the test lets it go: a fault
     * injected meanwhile catches the write in flight. [caught] completes with the writer's name.
     */
    class WriteTrap {
        val caught = CompletableDeferred<String>()
        val go = CompletableDeferred<Unit>()
    }

    /** The trap the next increment falls into, if any. */
    @Volatile var trap: WriteTrap? = null

    suspend fun create(client: OxiaClient) {
        client.put(key, "0|0|$INITIAL")
    }

    /** Reads the counter and writes it plus one, fenced with [token]. */
    suspend fun increment(client: OxiaClient, token: Long, writer: String) {
        val record = checkNotNull(client.get(key)) { "the counter $key is missing" }
        val (count, highest) = record(record.valueAsString!!)
        if (highest > token) {
            staleTokens.incrementAndGet()
            return
        }
        val next = "$writer-${sequence.incrementAndGet()}"
        trap?.let { if (it.caught.complete(writer)) it.go.await() }
        // Unknown until the server answers: a call cancelled meanwhile may still land.
        unknown += next
        try {
            client.put(
                key,
                "${count + 1}|$token|$next",
                expectedVersionId = record.version.versionId,
            )
            acknowledged += next
            unknown -= next
        } catch (e: UnexpectedVersionException) {
            versionConflicts.incrementAndGet()
            unknown -= next
        } catch (e: OutcomeUnknownException) {
            // Stays unknown.
        }
    }

    /**
     * Checks the final record against the evidence and returns its count.
     *
     * @throws AssertionError when an acknowledged increment is missing, an increment was applied
     *   that nobody made, the count differs from the number of applied increments, or a write with
     *   a lower token than its predecessor's was applied.
     */
    suspend fun verify(client: OxiaClient): Int {
        val (count) = record(client.get(key)!!.valueAsString!!)
        val states = history.toSortedMap()
        if (states.keys.toList() != (0..count).toList())
            throw AssertionError("count $count but the states seen were ${states.keys}")
        val applied = states.values.map { it.second }.toSet() - INITIAL
        val lost = acknowledged - applied
        if (lost.isNotEmpty()) throw AssertionError("acknowledged increments lost: $lost")
        val phantom = applied - acknowledged - unknown
        if (phantom.isNotEmpty()) throw AssertionError("increments nobody made: $phantom")
        states.values.zipWithNext().forEach { (before, after) ->
            if (after.first < before.first)
                throw AssertionError("a stale write got through: $after after $before")
        }
        return count
    }

    /**
     * The writes whose call was cancelled or lost its answer, and that were applied all the same.
     */
    fun landedUnknown(): Set<String> = history.values.map { it.second }.toSet() intersect unknown

    /** Parses a state and records it in the history. */
    private fun record(value: String): Pair<Int, Long> {
        val (count, token, id) = value.split('|')
        history[count.toInt()] = token.toLong() to id
        return count.toInt() to token.toLong()
    }

    private companion object {
        const val INITIAL = "initial"
    }
}
