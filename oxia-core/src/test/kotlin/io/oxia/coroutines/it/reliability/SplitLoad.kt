package io.oxia.coroutines.it.reliability

import io.oxia.coroutines.KeyAlreadyExistsException
import io.oxia.coroutines.OutcomeUnknownException
import io.oxia.coroutines.OxiaClient
import io.oxia.coroutines.OxiaException
import io.oxia.coroutines.Version
import io.oxia.coroutines.get
import io.oxia.coroutines.it.shardOf
import io.oxia.coroutines.put
import java.util.concurrent.ConcurrentHashMap
import java.util.concurrent.ConcurrentLinkedQueue
import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.Job
import kotlinx.coroutines.currentCoroutineContext
import kotlinx.coroutines.delay
import kotlinx.coroutines.isActive
import kotlinx.coroutines.launch

/**
 * A load that does not care which shards exist, for splits: [WRITERS] writers of fresh keys (each
 * expects no record there, so a write applied twice shows as [KeyAlreadyExistsException]), one
 * reader of acknowledged keys and one writer of sequence keys, each pausing [PAUSE_MILLIS] between
 * calls.
 */
class SplitLoad(private val client: OxiaClient) {
    /** Key to value of every acknowledged write. */
    val acknowledged: MutableMap<String, String> = ConcurrentHashMap()

    /**
     * Key to value of every write that failed with [OutcomeUnknownException], or was under way when
     * the load stopped.
     */
    val outcomeUnknown: MutableMap<String, String> = ConcurrentHashMap()

    /** The sequence keys generated, in the order their puts were acknowledged. */
    val sequenceKeys: ConcurrentLinkedQueue<String> = ConcurrentLinkedQueue()

    private val acknowledgedAt = ConcurrentHashMap<String, Long>()
    private val errors = ConcurrentLinkedQueue<Throwable>()

    /** Starts the load in [scope]; cancel the job to stop it. */
    fun start(scope: CoroutineScope): Job =
        scope.launch(Dispatchers.Default) {
            repeat(WRITERS) { w -> launch { write("w$w") } }
            launch { read() }
            launch { writeSequence() }
        }

    /**
     * Waits for a write acknowledged on [shard] after [nanos]; returns when it was acknowledged.
     */
    suspend fun awaitAcknowledgedOn(shard: Long, nanos: Long): Long {
        while (true) {
            acknowledgedAt.entries
                .filter { it.value > nanos }
                .filter { client.shardOf(it.key) == shard }
                .minOfOrNull { it.value }
                ?.let {
                    return it
                }
            delay(POLL_MILLIS)
        }
    }

    /** The failed calls by exception type, e.g. `2 × OutcomeUnknownException`. */
    fun describeErrors(): String =
        errors
            .groupingBy { it::class.simpleName }
            .eachCount()
            .entries
            .joinToString { "${it.value} × ${it.key}" }
            .ifEmpty { "none" }

    /**
     * Reads back every acknowledged key (each must hold the acknowledged value) and every
     * outcome-unknown key (applied when it holds the value that was sent).
     */
    suspend fun audit(reader: OxiaClient): SteadyLoad.Audit =
        auditWrites(
            reader,
            acknowledged,
            outcomeUnknown,
            errors.count { it is KeyAlreadyExistsException },
        )

    private suspend fun write(writer: String) {
        var n = 0
        while (currentCoroutineContext().isActive) {
            val key = "$PREFIX$writer/${n++}"
            val value = "$key@${System.nanoTime()}"
            recording {
                try {
                    client.put(key, value, expectedVersionId = Version.KEY_NOT_EXISTS)
                    acknowledged[key] = value
                    acknowledgedAt[key] = System.nanoTime()
                } catch (e: OutcomeUnknownException) {
                    outcomeUnknown[key] = value
                    throw e
                } catch (e: CancellationException) {
                    // The load stopped with this write under way: it may have been applied.
                    outcomeUnknown[key] = value
                    throw e
                }
            }
            delay(PAUSE_MILLIS)
        }
    }

    private suspend fun read() {
        while (currentCoroutineContext().isActive) {
            acknowledged.keys.randomOrNull()?.let { key -> recording { client.get(key) } }
            delay(PAUSE_MILLIS)
        }
    }

    /** How many sequence puts failed (each may have been applied all the same). */
    @Volatile
    var failedSequencePuts: Int = 0
        private set

    private suspend fun writeSequence() {
        while (currentCoroutineContext().isActive) {
            recording {
                try {
                    sequenceKeys +=
                        client
                            .put("/seq/", "x", partitionKey = "p", sequenceKeyDeltas = listOf(1))
                            .key
                } catch (e: OxiaException) {
                    failedSequencePuts++
                    throw e
                }
            }
            delay(PAUSE_MILLIS)
        }
    }

    private suspend fun recording(call: suspend () -> Unit) {
        try {
            call()
        } catch (e: CancellationException) {
            throw e
        } catch (e: Exception) {
            errors += e
        }
    }

    /** Constants of the load. */
    companion object {
        /** The prefix of every key the writers write. */
        const val PREFIX: String = "/split-load/"
        private const val WRITERS = 4
        private const val PAUSE_MILLIS = 10L
        private const val POLL_MILLIS = 20L
    }
}
