package io.oxia.coroutines.recipes.it

import io.oxia.coroutines.OutcomeUnknownException
import io.oxia.coroutines.OxiaClient
import io.oxia.coroutines.UnexpectedVersionException
import io.oxia.coroutines.get
import io.oxia.coroutines.put
import java.util.Collections
import java.util.concurrent.atomic.AtomicInteger

/**
 * A counter record incremented under a lock, as a downstream system guarded by fencing tokens: it
 * stores `count|highest token|id of the write`, refuses a write whose token is below the highest
 * one it stored, and takes a write only on the version that was read (a conditional put), so a
 * stale holder's write is refused even when it races the check.
 *
 * It keeps the evidence that the count is exact: every write id a read saw was applied, and so was
 * the final one; a write acknowledged but never seen, or an applied write more than the count, is a
 * lost or a phantom increment.
 */
class FencedCounter(val key: String) {
    /** Ids of writes acknowledged by the server. */
    val acknowledged: MutableSet<String> = Collections.synchronizedSet(mutableSetOf())
    /** Ids of writes whose outcome was lost. */
    val unknown: MutableSet<String> = Collections.synchronizedSet(mutableSetOf())
    /** Ids of writes seen by a read: applied. */
    private val seen: MutableSet<String> = Collections.synchronizedSet(mutableSetOf())
    /** Writes refused because their token was below the highest one stored. */
    val staleTokens = AtomicInteger()
    /** Writes refused because the record changed since it was read. */
    val versionConflicts = AtomicInteger()
    private val sequence = AtomicInteger()

    suspend fun create(client: OxiaClient) {
        client.put(key, "0|0|$INITIAL")
    }

    /** Reads the counter and writes it plus one, fenced with [token]. */
    suspend fun increment(client: OxiaClient, token: Long, writer: String) {
        val record = checkNotNull(client.get(key)) { "the counter $key is missing" }
        val (count, highest, id) = record.valueAsString!!.split('|')
        seen += id
        if (highest.toLong() > token) {
            staleTokens.incrementAndGet()
            return
        }
        val next = "$writer-${sequence.incrementAndGet()}"
        try {
            client.put(
                key,
                "${count.toInt() + 1}|${token}|$next",
                expectedVersionId = record.version.versionId,
            )
            acknowledged += next
        } catch (e: UnexpectedVersionException) {
            versionConflicts.incrementAndGet()
        } catch (e: OutcomeUnknownException) {
            unknown += next
        }
    }

    /**
     * Checks the final record against the evidence and returns its count.
     *
     * @throws AssertionError when an acknowledged increment is missing, an increment was applied
     *   that nobody made, or the count differs from the number of applied increments.
     */
    suspend fun verify(client: OxiaClient): Int {
        val (count, _, last) = client.get(key)!!.valueAsString!!.split('|')
        val applied = (seen + last) - INITIAL
        val lost = acknowledged - applied
        if (lost.isNotEmpty()) throw AssertionError("acknowledged increments lost: $lost")
        val phantom = applied - acknowledged - unknown
        if (phantom.isNotEmpty()) throw AssertionError("increments nobody made: $phantom")
        if (count.toInt() != applied.size)
            throw AssertionError("count $count but ${applied.size} increments applied")
        return count.toInt()
    }

    private companion object {
        const val INITIAL = "initial"
    }
}
