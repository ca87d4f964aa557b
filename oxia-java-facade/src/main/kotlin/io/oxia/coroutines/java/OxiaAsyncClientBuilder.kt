package io.oxia.coroutines.java

import io.oxia.coroutines.KeySorting
import io.oxia.coroutines.OxiaClient
import io.oxia.coroutines.OxiaClientBuilder
import io.oxia.coroutines.TlsOptions
import java.time.Duration
import java.util.concurrent.CompletableFuture
import java.util.function.Supplier
import kotlin.time.toKotlinDuration

/**
 * Configures and connects an [OxiaAsyncClient]. Every setting has the default documented on
 * [OxiaClientBuilder]; [connect] validates them together and fails with `InvalidArgumentException`.
 */
public class OxiaAsyncClientBuilder internal constructor(serviceAddress: String) {
    private val core = OxiaClientBuilder(serviceAddress)

    /** The namespace every operation addresses. Default `default`. */
    public fun namespace(namespace: String): OxiaAsyncClientBuilder = apply {
        core.namespace = namespace
    }

    /** The longest an operation may take, retries included. Default 30 s. */
    public fun requestTimeout(timeout: Duration): OxiaAsyncClientBuilder = apply {
        core.requestTimeout = timeout.toKotlinDuration()
    }

    /** The longest [connect] waits for the first shard map. Default 10 s. */
    public fun connectTimeout(timeout: Duration): OxiaAsyncClientBuilder = apply {
        core.connectTimeout = timeout.toKotlinDuration()
    }

    /**
     * How long the server keeps the client's sessions without heartbeats; within [2 s, 5 min].
     * Default 15 s.
     */
    public fun sessionTimeout(timeout: Duration): OxiaAsyncClientBuilder = apply {
        core.sessionTimeout = timeout.toKotlinDuration()
    }

    /** Identifies the client on ephemeral records. Default a random UUID. */
    public fun clientIdentity(identity: String): OxiaAsyncClientBuilder = apply {
        core.clientIdentity = identity
    }

    /** How long a shard's batcher waits for more operations before sending. Default 0. */
    public fun batchLinger(linger: Duration): OxiaAsyncClientBuilder = apply {
        core.batchLinger = linger.toKotlinDuration()
    }

    /** The most operations per batch. Default 1000. */
    public fun maxBatchOperations(max: Int): OxiaAsyncClientBuilder = apply {
        core.maxBatchOperations = max
    }

    /** The most encoded bytes of operations per batch. Default 128 KiB. */
    public fun maxBatchBytes(max: Int): OxiaAsyncClientBuilder = apply { core.maxBatchBytes = max }

    /** The most unanswered batches per shard. Default 16. */
    public fun maxInFlightBatchesPerShard(max: Int): OxiaAsyncClientBuilder = apply {
        core.maxInFlightBatchesPerShard = max
    }

    /** The namespace's key order, for results merged across shards. Default hierarchical. */
    public fun keySorting(sorting: KeySorting): OxiaAsyncClientBuilder = apply {
        core.keySorting = sorting
    }

    /** The largest value a put accepts. Default 32 MiB. */
    public fun maxValueBytes(max: Int): OxiaAsyncClientBuilder = apply { core.maxValueBytes = max }

    /** The longest key, in UTF-8 bytes, that the client sends. Default 64 KiB. */
    public fun maxKeyBytes(max: Int): OxiaAsyncClientBuilder = apply { core.maxKeyBytes = max }

    /** The largest message accepted from the server. Default 64 MiB. */
    public fun maxInboundMessageBytes(max: Int): OxiaAsyncClientBuilder = apply {
        core.maxInboundMessageBytes = max
    }

    /** Transport security; plaintext when not set. */
    public fun tls(tls: TlsOptions): OxiaAsyncClientBuilder = apply { core.tls = tls }

    /**
     * A bearer token for every call, asked for before each call; it must not block for long (it
     * runs on the client's threads).
     */
    public fun tokenSupplier(supplier: Supplier<String>): OxiaAsyncClientBuilder = apply {
        core.tokenProvider = io.oxia.coroutines.TokenProvider { supplier.get() }
    }

    /** Connects; the future completes when the namespace's shard map has arrived. */
    public fun connect(): CompletableFuture<OxiaAsyncClient> {
        val config =
            try {
                core.build()
            } catch (e: RuntimeException) {
                return CompletableFuture.failedFuture(e)
            }
        return FacadeScope.future { OxiaAsyncClient(OxiaClient.connect(config)) }
    }
}
