package io.oxia.coroutines.java

import io.opentelemetry.api.OpenTelemetry
import io.oxia.coroutines.KeySorting
import io.oxia.coroutines.OxiaClient
import io.oxia.coroutines.OxiaClientBuilder
import io.oxia.coroutines.TlsOptions
import java.time.Duration
import java.util.concurrent.CompletableFuture
import java.util.concurrent.Executor
import java.util.function.Supplier
import java.util.function.UnaryOperator
import kotlin.time.toKotlinDuration

/**
 * Configures and connects an [OxiaAsyncClient] ([connect]) or an [OxiaSyncClient] ([connectSync]).
 * Every setting has the default documented on [OxiaClientBuilder]; connecting validates them
 * together and fails with `InvalidArgumentException`.
 */
public class OxiaAsyncClientBuilder internal constructor(serviceAddress: String) {
    private val core = OxiaClientBuilder(serviceAddress)
    private var callbacks: Executor = CallbackExecutor.default

    /**
     * Where futures complete and publishers signal, and so where `thenAccept`, `thenApply` and the
     * other non-`Async` stages and the subscribers' methods run. Default: a pool shared by every
     * client of the JVM, of daemon threads named `oxia-callbacks-N`, that grows while callbacks
     * block and lets idle threads go after 60 s.
     *
     * Callbacks that block need an executor that can still run other callbacks: one whose threads
     * all wait for futures of this client deadlocks those waits, which complete on it too. An
     * executor that runs tasks in the calling thread (`Runnable::run`) gives up the protection and
     * runs callbacks on the client's threads. A task the executor refuses is run on the default
     * pool.
     */
    public fun callbackExecutor(executor: Executor): OxiaAsyncClientBuilder = apply {
        callbacks = executor
    }

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

    /**
     * The first pause before the client tries again to reach a server that failed; further ones
     * grow up to [reconnectBackoffMax]. Default 100 ms.
     */
    public fun reconnectBackoffInitial(pause: Duration): OxiaAsyncClientBuilder = apply {
        core.reconnectBackoffInitial = pause.toKotlinDuration()
    }

    /**
     * The longest pause between two attempts to reach a server: the client serves again within
     * about this much of a server's return, however long it was gone. Default 1 s.
     */
    public fun reconnectBackoffMax(pause: Duration): OxiaAsyncClientBuilder = apply {
        core.reconnectBackoffMax = pause.toKotlinDuration()
    }

    /**
     * How long a connection may be silent before the client pings the server; at least 5 s (Oxia
     * servers refuse more frequent pings). Default 6 s.
     */
    public fun keepAliveInterval(interval: Duration): OxiaAsyncClientBuilder = apply {
        core.keepAliveInterval = interval.toKotlinDuration()
    }

    /**
     * How long the client waits for a ping's answer before it drops the connection. Default 4 s.
     */
    public fun keepAliveTimeout(timeout: Duration): OxiaAsyncClientBuilder = apply {
        core.keepAliveTimeout = timeout.toKotlinDuration()
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

    /**
     * Where the client dials each server address it learns (`host:port` in, `host:port` out), for
     * clients behind port forwarding, NAT or a proxy; the servers are still addressed by their own
     * name. Asked once per address on the client's threads: it must answer at once and not throw.
     * Default: addresses are dialled as given. See [io.oxia.coroutines.AddressTranslator].
     */
    public fun addressTranslator(translator: UnaryOperator<String>): OxiaAsyncClientBuilder =
        apply {
            core.addressTranslator = io.oxia.coroutines.AddressTranslator { translator.apply(it) }
        }

    /**
     * Where the client records its metrics and one span per operation; default none, which records
     * nothing and costs nothing. An operation's span is a child of the span current on the thread
     * that calls it. See [io.oxia.coroutines.OxiaClientBuilder.openTelemetry].
     */
    public fun openTelemetry(openTelemetry: OpenTelemetry): OxiaAsyncClientBuilder = apply {
        core.openTelemetry = openTelemetry
    }

    /**
     * Connects; the future completes, on the callback executor, when the namespace's shard map has
     * arrived.
     */
    public fun connect(): CompletableFuture<OxiaAsyncClient> {
        val config =
            try {
                core.build()
            } catch (e: RuntimeException) {
                return CompletableFuture.failedFuture(e)
            }
        val facade = FacadeScope(callbacks)
        return facade.future { RealOxiaAsyncClient(OxiaClient.connect(config), facade) }
    }

    /**
     * Connects a blocking client, and returns once the namespace's shard map has arrived.
     *
     * @throws io.oxia.coroutines.OxiaException when the settings are invalid
     *   (`InvalidArgumentException`) or the connection fails (for example `OxiaTimeoutException`
     *   after the connect timeout, `NamespaceNotFoundException`).
     */
    public fun connectSync(): OxiaSyncClient {
        val config = core.build()
        val facade = FacadeScope(callbacks)
        return RealOxiaSyncClient(facade.await { OxiaClient.connect(config) }, facade)
    }
}
