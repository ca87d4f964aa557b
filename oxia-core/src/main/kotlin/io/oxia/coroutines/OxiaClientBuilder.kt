package io.oxia.coroutines

import io.opentelemetry.api.OpenTelemetry
import io.oxia.coroutines.internal.routing.bootstrapAddresses
import io.oxia.coroutines.internal.validation.requireArgument
import java.util.UUID
import kotlin.time.Duration
import kotlin.time.Duration.Companion.milliseconds
import kotlin.time.Duration.Companion.minutes
import kotlin.time.Duration.Companion.seconds

/**
 * Marks the client configuration DSL, so that nested blocks cannot reach the outer receiver by
 * accident.
 */
@DslMarker public annotation class OxiaDsl

/**
 * Collects the settings of an [OxiaClient]; used as the receiver of [OxiaClient.connect]'s block.
 * Every setting has a default; [build] validates them together and fails with
 * [InvalidArgumentException].
 */
@OxiaDsl
public class OxiaClientBuilder(
    /**
     * The `host:port` the client bootstraps from (any server of the cluster), written as the
     * servers know it; or several, separated by commas, which the client tries in turn whenever it
     * needs a shard map and the servers it knows do not answer.
     */
    public val serviceAddress: String
) {
    /** The namespace every operation addresses. Default `default`. */
    public var namespace: String = "default"

    /**
     * The longest an operation may take, retries included; it then fails with
     * [OxiaTimeoutException]. Default 30 s.
     */
    public var requestTimeout: Duration = 30.seconds

    /**
     * The longest [OxiaClient.connect] waits for the first shard map; it then fails with
     * [OxiaTimeoutException] rather than waiting forever. Default 10 s.
     */
    public var connectTimeout: Duration = 10.seconds

    /**
     * How long the server keeps the client's session (and its ephemeral records) alive without
     * heartbeats. Must lie in [2 s, 5 min]. Default 15 s.
     */
    public var sessionTimeout: Duration = 15.seconds

    /**
     * The first pause before the client tries again to reach a server that failed: a shard-map,
     * write or notification stream to open again, a connection to make again, an operation to send
     * again. Each further attempt waits about half as long again, up to [reconnectBackoffMax], with
     * jitter. Default 100 ms.
     */
    public var reconnectBackoffInitial: Duration = 100.milliseconds

    /**
     * The longest pause between two attempts to reach a server, however long it has been gone: the
     * client serves again within about this much of a server's return. Default 1 s.
     */
    public var reconnectBackoffMax: Duration = 1.seconds

    /**
     * How long a connection may be silent before the client pings the server to check it is alive.
     * Oxia servers refuse pings more frequent than every 5 s, so it must be at least that. Default
     * 6 s.
     */
    public var keepAliveInterval: Duration = 6.seconds

    /**
     * How long the client waits for a ping's answer before it treats the connection as dead and
     * fails the calls on it (retryable ones are retried elsewhere). Default 4 s.
     */
    public var keepAliveTimeout: Duration = 4.seconds

    /** Identifies this client on ephemeral records it writes. Default a random UUID. */
    public var clientIdentity: String = UUID.randomUUID().toString()

    /**
     * How long a shard's batcher waits for more operations before sending a batch. Default 0: a
     * batch is sent as soon as the shard's stream can take it, and operations that arrive meanwhile
     * join the next batch.
     */
    public var batchLinger: Duration = Duration.ZERO

    /** The most operations in one batch. Default 1000. */
    public var maxBatchOperations: Int = 1000

    /**
     * The most bytes of operations in one batch, counted as their encoded size (key, value and
     * options); a single larger operation travels alone. Default 128 KiB.
     */
    public var maxBatchBytes: Int = 128 * 1024

    /** The most batches per shard sent and not yet answered. Default 16. */
    public var maxInFlightBatchesPerShard: Int = 16

    /**
     * The key order of the namespace, used to merge results from several shards. Default
     * hierarchical.
     */
    public var keySorting: KeySorting = KeySorting.HIERARCHICAL

    /**
     * The largest value a put accepts; larger ones fail before anything is sent. Default 32 MiB.
     */
    public var maxValueBytes: Int = 32 * 1024 * 1024

    /**
     * The longest key, in UTF-8 bytes, that the client sends: record keys, range bounds, prefixes
     * and secondary-index keys. Longer ones fail before anything is sent. Default 64 KiB.
     */
    public var maxKeyBytes: Int = 64 * 1024

    /**
     * The largest message the client accepts from the server. A single value over 4 MiB travels in
     * one message, so this must exceed the largest value read. Default 64 MiB.
     */
    public var maxInboundMessageBytes: Int = 64 * 1024 * 1024

    /** Transport security; `null` (the default) connects in plaintext. */
    public var tls: TlsOptions? = null

    /** Supplies a bearer token for every call; `null` (the default) sends none. */
    public var tokenProvider: TokenProvider? = null

    /**
     * Where the client dials each server address it learns; `null` (the default) dials them as
     * given. See [AddressTranslator].
     */
    public var addressTranslator: AddressTranslator? = null

    /**
     * Where the client records its metrics and traces; `null` (the default) records nothing and
     * costs nothing (the global `OpenTelemetry` is not used unless given here). With one, the
     * client records the instruments listed in the README's "Metrics and traces" section, and one
     * span per operation, a child of the caller's current span (`Context.current()` when the call
     * starts; from a coroutine, the OpenTelemetry context element of
     * `opentelemetry-extension-kotlin` carries it across threads).
     */
    public var openTelemetry: OpenTelemetry? = null

    /** Validates the settings together and makes the immutable configuration. */
    public fun build(): OxiaClientConfig {
        requireArgument(serviceAddress.isNotBlank()) { "serviceAddress must not be blank" }
        requireArgument(bootstrapAddresses(serviceAddress).all { HOST_PORT.matches(it) }) {
            "serviceAddress must be host:port, or several separated by commas, was '$serviceAddress'"
        }
        requireArgument(namespace.isNotEmpty()) { "namespace must not be empty" }
        requireArgument(requestTimeout.isPositive()) {
            "requestTimeout must be positive, was $requestTimeout"
        }
        requireArgument(connectTimeout.isPositive()) {
            "connectTimeout must be positive, was $connectTimeout"
        }
        requireArgument(sessionTimeout in MIN_SESSION_TIMEOUT..MAX_SESSION_TIMEOUT) {
            "sessionTimeout must lie in [$MIN_SESSION_TIMEOUT, $MAX_SESSION_TIMEOUT], was $sessionTimeout"
        }
        requireArgument(reconnectBackoffInitial.isPositive()) {
            "reconnectBackoffInitial must be positive, was $reconnectBackoffInitial"
        }
        requireArgument(reconnectBackoffMax >= reconnectBackoffInitial) {
            "reconnectBackoffMax ($reconnectBackoffMax) must not be below reconnectBackoffInitial " +
                "($reconnectBackoffInitial)"
        }
        requireArgument(keepAliveInterval >= MIN_KEEPALIVE_INTERVAL) {
            "keepAliveInterval must be at least $MIN_KEEPALIVE_INTERVAL (servers refuse more frequent " +
                "pings), was $keepAliveInterval"
        }
        requireArgument(keepAliveTimeout.isPositive()) {
            "keepAliveTimeout must be positive, was $keepAliveTimeout"
        }
        requireArgument(clientIdentity.isNotEmpty()) { "clientIdentity must not be empty" }
        requireArgument(!batchLinger.isNegative()) {
            "batchLinger must not be negative, was $batchLinger"
        }
        requireArgument(maxBatchOperations > 0) { "maxBatchOperations must be positive" }
        requireArgument(maxBatchBytes > 0) { "maxBatchBytes must be positive" }
        requireArgument(maxInFlightBatchesPerShard > 0) {
            "maxInFlightBatchesPerShard must be positive"
        }
        requireArgument(maxValueBytes > 0) { "maxValueBytes must be positive" }
        requireArgument(maxKeyBytes > 0) { "maxKeyBytes must be positive" }
        requireArgument(maxInboundMessageBytes > 0) { "maxInboundMessageBytes must be positive" }
        return OxiaClientConfig(
            serviceAddress = serviceAddress,
            namespace = namespace,
            requestTimeout = requestTimeout,
            connectTimeout = connectTimeout,
            sessionTimeout = sessionTimeout,
            reconnectBackoffInitial = reconnectBackoffInitial,
            reconnectBackoffMax = reconnectBackoffMax,
            keepAliveInterval = keepAliveInterval,
            keepAliveTimeout = keepAliveTimeout,
            clientIdentity = clientIdentity,
            batchLinger = batchLinger,
            maxBatchOperations = maxBatchOperations,
            maxBatchBytes = maxBatchBytes,
            maxInFlightBatchesPerShard = maxInFlightBatchesPerShard,
            keySorting = keySorting,
            maxValueBytes = maxValueBytes,
            maxKeyBytes = maxKeyBytes,
            maxInboundMessageBytes = maxInboundMessageBytes,
            tls = tls,
            tokenProvider = tokenProvider,
            addressTranslator = addressTranslator,
            openTelemetry = openTelemetry,
        )
    }

    private companion object {
        val HOST_PORT = Regex("""^(\[[0-9A-Fa-f:.]+]|[^:\s\[\]]+):\d{1,5}$""")
        val MIN_SESSION_TIMEOUT = 2.seconds
        val MAX_SESSION_TIMEOUT = 5.minutes
        val MIN_KEEPALIVE_INTERVAL = 5.seconds
    }
}
