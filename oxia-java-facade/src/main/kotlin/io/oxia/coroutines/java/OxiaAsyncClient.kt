package io.oxia.coroutines.java

import io.oxia.coroutines.ClientEvent
import io.oxia.coroutines.ClientStats
import io.oxia.coroutines.ConnectionState
import io.oxia.coroutines.DeleteOptions
import io.oxia.coroutines.GetOptions
import io.oxia.coroutines.GetResult
import io.oxia.coroutines.Notification
import io.oxia.coroutines.NotificationOptions
import io.oxia.coroutines.OxiaClient
import io.oxia.coroutines.OxiaClientConfig
import io.oxia.coroutines.PutOptions
import io.oxia.coroutines.PutResult
import io.oxia.coroutines.RangeOptions
import io.oxia.coroutines.SequenceUpdateOptions
import io.oxia.coroutines.SessionEvent
import io.oxia.coroutines.SessionEventOptions
import java.util.concurrent.CompletableFuture
import java.util.concurrent.Executor
import java.util.concurrent.Flow

/**
 * The Oxia client for Java: every operation returns a [CompletableFuture], every stream a
 * [Flow.Publisher]. Made by [builder]; an interface, so that tests can fake it.
 *
 * Threading: futures complete, and publishers signal, on the callback executor
 * ([OxiaAsyncClientBuilder.callbackExecutor]; by default a shared pool of daemon threads that grows
 * as callbacks block). Callbacks may block, even on further calls of this client: the client's own
 * threads never run them, so its calls and their timeouts go on whatever callbacks do.
 *
 * Failures arrive as the cause of a `CompletionException`, from the `OxiaException` hierarchy.
 * Cancelling a future cancels its operation (withdrawn if not sent yet). Publishers are cold and
 * honour demand: the server is asked for more only as the subscriber requests; cancelling the
 * subscription cancels the server calls; a request of zero or fewer items fails the subscription
 * with `IllegalArgumentException`. Semantics, ordering and errors are those of [OxiaClient].
 */
public interface OxiaAsyncClient : AutoCloseable {
    /** The configuration the client was connected with. */
    public val config: OxiaClientConfig

    /** Writes [value] under [key]; see [OxiaClient.put]. */
    public fun put(key: String, value: ByteArray, options: PutOptions): CompletableFuture<PutResult>

    /** Writes [value] under [key] with default options. */
    public fun put(key: String, value: ByteArray): CompletableFuture<PutResult> =
        put(key, value, PutOptions.DEFAULT)

    /** Writes [value] encoded as UTF-8 under [key]. */
    public fun put(key: String, value: String, options: PutOptions): CompletableFuture<PutResult> =
        put(key, value.toByteArray(), options)

    /** Writes [value] encoded as UTF-8 under [key] with default options. */
    public fun put(key: String, value: String): CompletableFuture<PutResult> =
        put(key, value.toByteArray(), PutOptions.DEFAULT)

    /**
     * Reads the record matching [key]; the future completes with `null` when none matches. See
     * [OxiaClient.get].
     */
    public fun get(key: String, options: GetOptions): CompletableFuture<GetResult?>

    /** Reads the record under [key]; `null` when there is none. */
    public fun get(key: String): CompletableFuture<GetResult?> = get(key, GetOptions.DEFAULT)

    /** Deletes the record under [key]: `true` if it existed. See [OxiaClient.delete]. */
    public fun delete(key: String, options: DeleteOptions): CompletableFuture<Boolean>

    /** Deletes the record under [key] unconditionally: `true` if it existed. */
    public fun delete(key: String): CompletableFuture<Boolean> = delete(key, DeleteOptions.DEFAULT)

    /**
     * Deletes the keys in [[startInclusive], [endExclusive]), of one partition when [partitionKey]
     * is not `null`; see [OxiaClient.deleteRange].
     */
    public fun deleteRange(
        startInclusive: String,
        endExclusive: String,
        partitionKey: String?,
    ): CompletableFuture<Void?> = deleteRange(startInclusive, endExclusive, partitionKey, null)

    /**
     * [deleteRange] within [timeout] instead of the client's request timeout (`null` for the
     * client's); a timeout that is not positive fails the future with `InvalidArgumentException`.
     */
    public fun deleteRange(
        startInclusive: String,
        endExclusive: String,
        partitionKey: String?,
        timeout: java.time.Duration?,
    ): CompletableFuture<Void?>

    /** Deletes the keys in [[startInclusive], [endExclusive]) of every shard. */
    public fun deleteRange(startInclusive: String, endExclusive: String): CompletableFuture<Void?> =
        deleteRange(startInclusive, endExclusive, null)

    /** The keys in [[startInclusive], [endExclusive]), in key order; see [OxiaClient.list]. */
    public fun list(
        startInclusive: String,
        endExclusive: String,
        options: RangeOptions,
    ): Flow.Publisher<String>

    /** The keys in [[startInclusive], [endExclusive]), in key order. */
    public fun list(startInclusive: String, endExclusive: String): Flow.Publisher<String> =
        list(startInclusive, endExclusive, RangeOptions.DEFAULT)

    /**
     * The keys of [list] collected in a list, for small ranges: a range of more than
     * [MAX_COLLECTED] keys fails with `InvalidArgumentException` (its server calls are cancelled at
     * the key after the limit); stream larger ones with [list].
     */
    public fun listKeys(
        startInclusive: String,
        endExclusive: String,
        options: RangeOptions,
    ): CompletableFuture<List<String>>

    /** [listKeys] with default options. */
    public fun listKeys(
        startInclusive: String,
        endExclusive: String,
    ): CompletableFuture<List<String>> =
        listKeys(startInclusive, endExclusive, RangeOptions.DEFAULT)

    /**
     * The records in [[startInclusive], [endExclusive]), in key order; see [OxiaClient.rangeScan].
     */
    public fun rangeScan(
        startInclusive: String,
        endExclusive: String,
        options: RangeOptions,
    ): Flow.Publisher<GetResult>

    /** The records in [[startInclusive], [endExclusive]), in key order. */
    public fun rangeScan(startInclusive: String, endExclusive: String): Flow.Publisher<GetResult> =
        rangeScan(startInclusive, endExclusive, RangeOptions.DEFAULT)

    /**
     * The records of [rangeScan] collected in a list, for small ranges: a range of more than
     * [MAX_COLLECTED] records fails with `InvalidArgumentException` (its server calls are cancelled
     * at the record after the limit); stream larger ones with [rangeScan].
     */
    public fun rangeScanAll(
        startInclusive: String,
        endExclusive: String,
        options: RangeOptions,
    ): CompletableFuture<List<GetResult>>

    /** [rangeScanAll] with default options. */
    public fun rangeScanAll(
        startInclusive: String,
        endExclusive: String,
    ): CompletableFuture<List<GetResult>> =
        rangeScanAll(startInclusive, endExclusive, RangeOptions.DEFAULT)

    /** The changes made in the namespace; see [OxiaClient.notifications]. */
    public fun notifications(options: NotificationOptions): Flow.Publisher<Notification>

    /** Every change made in the namespace. */
    public fun notifications(): Flow.Publisher<Notification> =
        notifications(NotificationOptions.DEFAULT)

    /** The highest sequence key under [prefixKey]; see [OxiaClient.sequenceUpdates]. */
    public fun sequenceUpdates(prefixKey: String, partitionKey: String): Flow.Publisher<String> =
        sequenceUpdates(prefixKey, partitionKey, SequenceUpdateOptions.DEFAULT)

    /**
     * The highest sequence key under [prefixKey], with [SequenceUpdateOptions.onEstablished] to
     * learn when the subscription listens; see [OxiaClient.sequenceUpdates].
     */
    public fun sequenceUpdates(
        prefixKey: String,
        partitionKey: String,
        options: SequenceUpdateOptions,
    ): Flow.Publisher<String>

    /** Changes of the client's sessions; see [OxiaClient.sessionEvents]. */
    public fun sessionEvents(): Flow.Publisher<SessionEvent> =
        sessionEvents(SessionEventOptions.DEFAULT)

    /**
     * Changes of the client's sessions, with [SessionEventOptions.onSubscribed] to learn when the
     * subscriber sees the events of what it does next.
     */
    public fun sessionEvents(options: SessionEventOptions): Flow.Publisher<SessionEvent>

    /** How well the client reaches the servers, now; see [OxiaClient.connectionState]. */
    public fun connectionState(): ConnectionState

    /**
     * The client's connection state: the current one at once, then each change; completes once the
     * client is closed (after [ConnectionState.CLOSED]). See [OxiaClient.connectionState].
     */
    public fun connectionStates(): Flow.Publisher<ConnectionState>

    /** What happens to the client's view of the cluster; see [OxiaClient.clientEvents]. */
    public fun clientEvents(): Flow.Publisher<ClientEvent>

    /** A snapshot of the client's work; see [OxiaClient.stats]. */
    public fun stats(): ClientStats

    /**
     * The Kotlin client this one runs on, for libraries that offer a Java API built on the Kotlin
     * one (such as `oxia-recipes-java`): its calls are this client's calls, on the same connections
     * and sessions, and it closes with this client. Its suspend functions and flows are not for
     * Java code, and it must not be closed by itself.
     *
     * @throws UnsupportedOperationException for a client that was not made by [builder] (a fake)
     *   and does not override this.
     */
    public fun kotlinClient(): OxiaClient =
        throw UnsupportedOperationException("$this is not backed by a Kotlin client")

    /**
     * Where this client completes futures and signals publishers
     * ([OxiaAsyncClientBuilder.callbackExecutor]), for libraries built on [kotlinClient] that must
     * deliver their own results the same way.
     *
     * @throws UnsupportedOperationException for a client that was not made by [builder] (a fake)
     *   and does not override this.
     */
    public fun callbackExecutor(): Executor =
        throw UnsupportedOperationException("$this has no callback executor")

    /** Closes the client; the future completes when it is closed. See [OxiaClient.shutdown]. */
    public fun closeAsync(): CompletableFuture<Void?>

    /** Closes the client and waits until it is closed. Idempotent. */
    override fun close()

    public companion object {
        /** The most items [listKeys] and [rangeScanAll] collect. */
        public const val MAX_COLLECTED: Int = 10_000

        /**
         * A builder for a client that bootstraps from [serviceAddress] (`host:port` of any Oxia
         * server).
         */
        @JvmStatic
        public fun builder(serviceAddress: String): OxiaAsyncClientBuilder =
            OxiaAsyncClientBuilder(serviceAddress)
    }
}
