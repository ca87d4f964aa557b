package io.oxia.coroutines.java

import io.oxia.coroutines.ClientStats
import io.oxia.coroutines.ConnectionState
import io.oxia.coroutines.DeleteOptions
import io.oxia.coroutines.GetOptions
import io.oxia.coroutines.GetResult
import io.oxia.coroutines.OxiaClient
import io.oxia.coroutines.OxiaClientConfig
import io.oxia.coroutines.PutOptions
import io.oxia.coroutines.PutResult
import io.oxia.coroutines.RangeOptions

/**
 * The blocking Oxia client, for scripts and services that do not use futures: every call waits for
 * its result on the caller's thread. Made by `OxiaAsyncClient.builder(address)....connectSync()`;
 * an interface, so that tests can fake it.
 *
 * Failures are thrown as they are, from the `OxiaException` hierarchy (not wrapped in an
 * `ExecutionException`). Interrupting a waiting thread cancels its operation (withdrawn if not sent
 * yet) and throws `java.util.concurrent.CancellationException`, with the thread's interrupt flag
 * set again. Every call is bounded by the request timeout. Calls may come from any number of
 * threads at once. Streams that do not end (notifications, sequence updates, session events) have
 * no blocking form: use [OxiaAsyncClient]. Semantics, ordering and errors are those of
 * [OxiaClient].
 */
public interface OxiaSyncClient : AutoCloseable {
    /** The configuration the client was connected with. */
    public val config: OxiaClientConfig

    /** Writes [value] under [key]; see [OxiaClient.put]. */
    public fun put(key: String, value: ByteArray, options: PutOptions): PutResult

    /** Writes [value] under [key] with default options. */
    public fun put(key: String, value: ByteArray): PutResult = put(key, value, PutOptions.DEFAULT)

    /** Writes [value] encoded as UTF-8 under [key]. */
    public fun put(key: String, value: String, options: PutOptions): PutResult =
        put(key, value.toByteArray(), options)

    /** Writes [value] encoded as UTF-8 under [key] with default options. */
    public fun put(key: String, value: String): PutResult =
        put(key, value.toByteArray(), PutOptions.DEFAULT)

    /** The record matching [key], or `null` when none matches; see [OxiaClient.get]. */
    public fun get(key: String, options: GetOptions): GetResult?

    /** The record under [key], or `null`. */
    public fun get(key: String): GetResult? = get(key, GetOptions.DEFAULT)

    /** Deletes the record under [key]: `true` if it existed. See [OxiaClient.delete]. */
    public fun delete(key: String, options: DeleteOptions): Boolean

    /** Deletes the record under [key] unconditionally: `true` if it existed. */
    public fun delete(key: String): Boolean = delete(key, DeleteOptions.DEFAULT)

    /**
     * Deletes the keys in [[startInclusive], [endExclusive]), of one partition when [partitionKey]
     * is not `null`; see [OxiaClient.deleteRange].
     */
    public fun deleteRange(startInclusive: String, endExclusive: String, partitionKey: String?)

    /** Deletes the keys in [[startInclusive], [endExclusive]) of every shard. */
    public fun deleteRange(startInclusive: String, endExclusive: String): Unit =
        deleteRange(startInclusive, endExclusive, null)

    /**
     * The keys in [[startInclusive], [endExclusive]), in key order (see [OxiaClient.list]), for
     * small ranges: more than [OxiaAsyncClient.MAX_COLLECTED] keys fail with
     * `InvalidArgumentException`; stream larger ranges with [OxiaAsyncClient.list].
     */
    public fun listKeys(
        startInclusive: String,
        endExclusive: String,
        options: RangeOptions,
    ): List<String>

    /** [listKeys] with default options. */
    public fun listKeys(startInclusive: String, endExclusive: String): List<String> =
        listKeys(startInclusive, endExclusive, RangeOptions.DEFAULT)

    /**
     * The records in [[startInclusive], [endExclusive]), in key order (see [OxiaClient.rangeScan]),
     * for small ranges: more than [OxiaAsyncClient.MAX_COLLECTED] records fail with
     * `InvalidArgumentException`; stream larger ranges with [OxiaAsyncClient.rangeScan].
     */
    public fun rangeScanAll(
        startInclusive: String,
        endExclusive: String,
        options: RangeOptions,
    ): List<GetResult>

    /** [rangeScanAll] with default options. */
    public fun rangeScanAll(startInclusive: String, endExclusive: String): List<GetResult> =
        rangeScanAll(startInclusive, endExclusive, RangeOptions.DEFAULT)

    /** How well the client reaches the servers, now; see [OxiaClient.connectionState]. */
    public fun connectionState(): ConnectionState

    /** A snapshot of the client's work; see [OxiaClient.stats]. */
    public fun stats(): ClientStats

    /** Closes the client and waits until it is closed; see [OxiaClient.shutdown]. Idempotent. */
    override fun close()
}
