package io.oxia.coroutines.it.reliability

import io.oxia.coroutines.KeyAlreadyExistsException
import io.oxia.coroutines.OutcomeUnknownException
import io.oxia.coroutines.OxiaClient
import io.oxia.coroutines.Version
import io.oxia.coroutines.get
import io.oxia.coroutines.it.shardOf
import io.oxia.coroutines.put
import java.util.Collections
import java.util.concurrent.ConcurrentHashMap
import java.util.concurrent.ConcurrentLinkedQueue
import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.Job
import kotlinx.coroutines.async
import kotlinx.coroutines.awaitAll
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.currentCoroutineContext
import kotlinx.coroutines.delay
import kotlinx.coroutines.isActive
import kotlinx.coroutines.launch

/**
 * A steady write and read load, paced per shard: [writersPerShard] writers and one reader per
 * shard, each doing one call every [pauseMillis]. Every write creates a fresh key (it expects no
 * record there) with a unique value, so afterwards each acknowledged write can be read back, each
 * outcome-unknown write checked for whether it was applied, and a write applied twice shows as a
 * [KeyAlreadyExistsException].
 */
class SteadyLoad(
    private val client: OxiaClient,
    private val shards: List<Long>,
    private val writersPerShard: Int = 2,
    private val pauseMillis: Long = 20,
    private val prefix: String = "/load/",
) {
    /** One finished call. */
    data class Call(
        val shard: Long,
        val write: Boolean,
        val startNanos: Long,
        val endNanos: Long,
        val error: Throwable?,
    )

    /** Key to value of every acknowledged write. */
    val acknowledged: MutableMap<String, String> = ConcurrentHashMap()

    /** Key to value of every write that failed with [OutcomeUnknownException]. */
    val outcomeUnknown: MutableMap<String, String> = ConcurrentHashMap()

    /** Every finished call, in completion order. */
    val calls: ConcurrentLinkedQueue<Call> = ConcurrentLinkedQueue()

    private val written = ConcurrentHashMap<Long, MutableList<String>>()

    /** Starts the load in [scope], on the default dispatcher; cancel the job to stop it. */
    fun start(scope: CoroutineScope): Job =
        scope.launch(Dispatchers.Default) {
            for (shard in shards) {
                repeat(writersPerShard) { w -> launch { write(shard, "s$shard-w$w") } }
                launch { read(shard) }
            }
        }

    /**
     * Waits until a write to [shard] is acknowledged after [nanos] (a [System.nanoTime] value) and
     * returns when it was.
     */
    suspend fun awaitWriteAcknowledgedAfter(shard: Long, nanos: Long): Long {
        while (true) {
            calls
                .firstOrNull {
                    it.write && it.error == null && it.shard == shard && it.endNanos > nanos
                }
                ?.let {
                    return it.endNanos
                }
            delay(POLL_MILLIS)
        }
    }

    /** The failed calls that ended within [fromNanos]..[toNanos]. */
    fun errorsBetween(fromNanos: Long, toNanos: Long): List<Call> = calls.filter {
        it.error != null && it.endNanos in fromNanos..toNanos
    }

    /** What reading every written key back found. */
    data class Audit(
        val acknowledged: Int,
        val lost: List<String>,
        val unknown: Int,
        val unknownApplied: Int,
        val appliedTwice: Int,
    )

    /**
     * Reads back every acknowledged key (each must hold the acknowledged value) and every
     * outcome-unknown key (applied when it holds the value that was sent).
     */
    suspend fun audit(reader: OxiaClient): Audit =
        auditWrites(
            reader,
            acknowledged,
            outcomeUnknown,
            calls.count { it.error is KeyAlreadyExistsException },
        )

    private suspend fun write(shard: Long, writer: String) {
        val counter = LongArray(1)
        while (currentCoroutineContext().isActive) {
            val key = nextKey(shard, writer, counter)
            val value = "$key@${System.nanoTime()}"
            record(shard, write = true) {
                try {
                    client.put(key, value, expectedVersionId = Version.KEY_NOT_EXISTS)
                    acknowledged[key] = value
                    written.computeIfAbsent(shard) {
                        Collections.synchronizedList(mutableListOf())
                    } += key
                } catch (e: OutcomeUnknownException) {
                    outcomeUnknown[key] = value
                    throw e
                }
            }
            delay(pauseMillis)
        }
    }

    private suspend fun read(shard: Long) {
        while (currentCoroutineContext().isActive) {
            val key = written[shard]?.let { synchronized(it) { it.randomOrNull() } }
            if (key != null) record(shard, write = false) { client.get(key) }
            delay(pauseMillis)
        }
    }

    private suspend fun record(shard: Long, write: Boolean, call: suspend () -> Unit) {
        val start = System.nanoTime()
        val error =
            try {
                call()
                null
            } catch (e: CancellationException) {
                throw e
            } catch (e: Exception) {
                e
            }
        calls += Call(shard, write, start, System.nanoTime(), error)
    }

    /** The next fresh key of a writer's key sequence that routes to [shard]. */
    private suspend fun nextKey(shard: Long, writer: String, counter: LongArray): String {
        while (true) {
            val key = "$prefix$writer/${counter[0]++}"
            if (client.shardOf(key) == shard) return key
        }
    }

    private companion object {
        const val POLL_MILLIS = 10L
    }
}

/**
 * Reads back every [acknowledged] key (each must hold the acknowledged value) and every
 * [outcomeUnknown] key (applied when it holds the value that was sent), with [appliedTwice] writes
 * found applied twice.
 */
suspend fun auditWrites(
    reader: OxiaClient,
    acknowledged: Map<String, String>,
    outcomeUnknown: Map<String, String>,
    appliedTwice: Int,
): SteadyLoad.Audit = coroutineScope {
    val lost =
        acknowledged.entries
            .chunked(AUDIT_CHUNK)
            .flatMap { chunk ->
                chunk
                    .map { (key, value) ->
                        async { key.takeIf { reader.get(it)?.valueAsString != value } }
                    }
                    .awaitAll()
            }
            .filterNotNull()
    val applied =
        outcomeUnknown.entries.count { (key, value) -> reader.get(key)?.valueAsString == value }
    SteadyLoad.Audit(acknowledged.size, lost, outcomeUnknown.size, applied, appliedTwice)
}

private const val AUDIT_CHUNK = 512
