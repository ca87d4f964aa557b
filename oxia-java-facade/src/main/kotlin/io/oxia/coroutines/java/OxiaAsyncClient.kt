package io.oxia.coroutines.java

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
import io.oxia.coroutines.SessionEvent
import java.util.concurrent.CompletableFuture
import java.util.concurrent.Flow

/**
 * The Oxia client for Java: every operation returns a [CompletableFuture], every stream a
 * [Flow.Publisher].
 *
 * Futures complete on the client's threads; failures arrive as the cause of a
 * `CompletionException`, from the `OxiaException` hierarchy. Cancelling a future cancels its
 * operation (withdrawn if not sent yet). Publishers are cold and honour demand: the server is asked
 * for more only as the subscriber requests; cancelling the subscription cancels the server calls; a
 * request of zero or fewer items fails the subscription with `IllegalArgumentException`. Semantics,
 * ordering and errors are those of [OxiaClient].
 */
public class OxiaAsyncClient internal constructor(private val core: OxiaClient) : AutoCloseable {
    /** The configuration the client was connected with. */
    public val config: OxiaClientConfig
        get() = core.config

    /** Writes [value] under [key]; see [OxiaClient.put]. */
    @JvmOverloads
    public fun put(
        key: String,
        value: ByteArray,
        options: PutOptions = PutOptions.DEFAULT,
    ): CompletableFuture<PutResult> = FacadeScope.future { core.put(key, value, options) }

    /** Writes [value] encoded as UTF-8 under [key]; see [OxiaClient.put]. */
    @JvmOverloads
    public fun put(
        key: String,
        value: String,
        options: PutOptions = PutOptions.DEFAULT,
    ): CompletableFuture<PutResult> = put(key, value.toByteArray(), options)

    /**
     * Reads the record matching [key]; the future completes with `null` when none matches. See
     * [OxiaClient.get].
     */
    @JvmOverloads
    public fun get(
        key: String,
        options: GetOptions = GetOptions.DEFAULT,
    ): CompletableFuture<GetResult?> = FacadeScope.future { core.get(key, options) }

    /** Deletes the record under [key]: `true` if it existed. See [OxiaClient.delete]. */
    @JvmOverloads
    public fun delete(
        key: String,
        options: DeleteOptions = DeleteOptions.DEFAULT,
    ): CompletableFuture<Boolean> = FacadeScope.future { core.delete(key, options) }

    /** Deletes the keys in [[startInclusive], [endExclusive]); see [OxiaClient.deleteRange]. */
    @JvmOverloads
    public fun deleteRange(
        startInclusive: String,
        endExclusive: String,
        partitionKey: String? = null,
    ): CompletableFuture<Void?> = FacadeScope.future {
        core.deleteRange(startInclusive, endExclusive, partitionKey)
        null
    }

    /** The keys in [[startInclusive], [endExclusive]), in key order; see [OxiaClient.list]. */
    @JvmOverloads
    public fun list(
        startInclusive: String,
        endExclusive: String,
        options: RangeOptions = RangeOptions.DEFAULT,
    ): Flow.Publisher<String> = core.list(startInclusive, endExclusive, options).toPublisher()

    /**
     * The records in [[startInclusive], [endExclusive]), in key order; see [OxiaClient.rangeScan].
     */
    @JvmOverloads
    public fun rangeScan(
        startInclusive: String,
        endExclusive: String,
        options: RangeOptions = RangeOptions.DEFAULT,
    ): Flow.Publisher<GetResult> =
        core.rangeScan(startInclusive, endExclusive, options).toPublisher()

    /** The changes made in the namespace; see [OxiaClient.notifications]. */
    @JvmOverloads
    public fun notifications(
        options: NotificationOptions = NotificationOptions.DEFAULT
    ): Flow.Publisher<Notification> = core.notifications(options).toPublisher()

    /** The highest sequence key under [prefixKey]; see [OxiaClient.sequenceUpdates]. */
    public fun sequenceUpdates(prefixKey: String, partitionKey: String): Flow.Publisher<String> =
        core.sequenceUpdates(prefixKey, partitionKey).toPublisher()

    /** Changes of the client's sessions; see [OxiaClient.sessionEvents]. */
    public fun sessionEvents(): Flow.Publisher<SessionEvent> = core.sessionEvents.toPublisher()

    /** Closes the client; the future completes when it is closed. See [OxiaClient.shutdown]. */
    public fun closeAsync(): CompletableFuture<Void?> = FacadeScope.future {
        core.shutdown()
        null
    }

    /** Closes the client and waits until it is closed. Idempotent. */
    override fun close() {
        core.close()
    }

    public companion object {
        /**
         * A builder for a client that bootstraps from [serviceAddress] (`host:port` of any Oxia
         * server).
         */
        @JvmStatic
        public fun builder(serviceAddress: String): OxiaAsyncClientBuilder =
            OxiaAsyncClientBuilder(serviceAddress)
    }
}
