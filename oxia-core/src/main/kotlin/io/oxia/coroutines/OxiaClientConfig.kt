package io.oxia.coroutines

import io.opentelemetry.api.OpenTelemetry
import io.oxia.coroutines.internal.routing.bootstrapAddresses
import kotlin.time.Duration
import kotlin.time.toJavaDuration

/**
 * The settings of an [OxiaClient], made by [OxiaClientBuilder]; see the builder for what each one
 * means and its default. Immutable.
 *
 * The durations are Kotlin's [Duration] for Kotlin callers and [java.time.Duration] for Java
 * callers: Java sees `getRequestTimeout()`, `getConnectTimeout()`, `getSessionTimeout()`,
 * `getBatchLinger()`, `getReconnectBackoffInitial()` and so on, which Kotlin calls
 * `javaRequestTimeout` and so on.
 */
public class OxiaClientConfig
internal constructor(
    /** See [OxiaClientBuilder.serviceAddress]. */
    public val serviceAddress: String,
    /** See [OxiaClientBuilder.namespace]. */
    public val namespace: String,
    /** See [OxiaClientBuilder.requestTimeout]. Java callers use `getRequestTimeout()`. */
    @get:JvmSynthetic public val requestTimeout: Duration,
    /** See [OxiaClientBuilder.connectTimeout]. Java callers use `getConnectTimeout()`. */
    @get:JvmSynthetic public val connectTimeout: Duration,
    /** See [OxiaClientBuilder.sessionTimeout]. Java callers use `getSessionTimeout()`. */
    @get:JvmSynthetic public val sessionTimeout: Duration,
    /** See [OxiaClientBuilder.reconnectBackoffInitial]. Java: `getReconnectBackoffInitial()`. */
    @get:JvmSynthetic public val reconnectBackoffInitial: Duration,
    /** See [OxiaClientBuilder.reconnectBackoffMax]. Java: `getReconnectBackoffMax()`. */
    @get:JvmSynthetic public val reconnectBackoffMax: Duration,
    /** See [OxiaClientBuilder.keepAliveInterval]. Java: `getKeepAliveInterval()`. */
    @get:JvmSynthetic public val keepAliveInterval: Duration,
    /** See [OxiaClientBuilder.keepAliveTimeout]. Java: `getKeepAliveTimeout()`. */
    @get:JvmSynthetic public val keepAliveTimeout: Duration,
    /** See [OxiaClientBuilder.clientIdentity]. */
    public val clientIdentity: String,
    /** See [OxiaClientBuilder.batchLinger]. Java callers use `getBatchLinger()`. */
    @get:JvmSynthetic public val batchLinger: Duration,
    /** See [OxiaClientBuilder.maxBatchOperations]. */
    public val maxBatchOperations: Int,
    /** See [OxiaClientBuilder.maxBatchBytes]. */
    public val maxBatchBytes: Int,
    /** See [OxiaClientBuilder.maxInFlightBatchesPerShard]. */
    public val maxInFlightBatchesPerShard: Int,
    /** See [OxiaClientBuilder.keySorting]. */
    public val keySorting: KeySorting,
    /** See [OxiaClientBuilder.maxValueBytes]. */
    public val maxValueBytes: Int,
    /** See [OxiaClientBuilder.maxKeyBytes]. */
    public val maxKeyBytes: Int,
    /** See [OxiaClientBuilder.maxInboundMessageBytes]. */
    public val maxInboundMessageBytes: Int,
    /** See [OxiaClientBuilder.tls]. */
    public val tls: TlsOptions?,
    /** See [OxiaClientBuilder.tokenProvider]. */
    public val tokenProvider: TokenProvider?,
    /** See [OxiaClientBuilder.addressTranslator]. */
    public val addressTranslator: AddressTranslator?,
    /** See [OxiaClientBuilder.openTelemetry]. */
    public val openTelemetry: OpenTelemetry?,
) {
    /** [requestTimeout] as a [java.time.Duration]; for Java, `getRequestTimeout()`. */
    @get:JvmName("getRequestTimeout")
    public val javaRequestTimeout: java.time.Duration
        get() = requestTimeout.toJavaDuration()

    /** [connectTimeout] as a [java.time.Duration]; for Java, `getConnectTimeout()`. */
    @get:JvmName("getConnectTimeout")
    public val javaConnectTimeout: java.time.Duration
        get() = connectTimeout.toJavaDuration()

    /** [sessionTimeout] as a [java.time.Duration]; for Java, `getSessionTimeout()`. */
    @get:JvmName("getSessionTimeout")
    public val javaSessionTimeout: java.time.Duration
        get() = sessionTimeout.toJavaDuration()

    /** [reconnectBackoffInitial] as a [java.time.Duration]; for Java. */
    @get:JvmName("getReconnectBackoffInitial")
    public val javaReconnectBackoffInitial: java.time.Duration
        get() = reconnectBackoffInitial.toJavaDuration()

    /** [reconnectBackoffMax] as a [java.time.Duration]; for Java. */
    @get:JvmName("getReconnectBackoffMax")
    public val javaReconnectBackoffMax: java.time.Duration
        get() = reconnectBackoffMax.toJavaDuration()

    /** [keepAliveInterval] as a [java.time.Duration]; for Java. */
    @get:JvmName("getKeepAliveInterval")
    public val javaKeepAliveInterval: java.time.Duration
        get() = keepAliveInterval.toJavaDuration()

    /** [keepAliveTimeout] as a [java.time.Duration]; for Java. */
    @get:JvmName("getKeepAliveTimeout")
    public val javaKeepAliveTimeout: java.time.Duration
        get() = keepAliveTimeout.toJavaDuration()

    /** [batchLinger] as a [java.time.Duration]; for Java, `getBatchLinger()`. */
    @get:JvmName("getBatchLinger")
    public val javaBatchLinger: java.time.Duration
        get() = batchLinger.toJavaDuration()

    /** The addresses of [serviceAddress], in the order given. */
    internal val bootstrapAddresses: List<String> = bootstrapAddresses(serviceAddress)

    override fun toString(): String =
        "OxiaClientConfig(serviceAddress=$serviceAddress, namespace=$namespace, requestTimeout=$requestTimeout, " +
            "connectTimeout=$connectTimeout, sessionTimeout=$sessionTimeout, " +
            "reconnectBackoff=$reconnectBackoffInitial..$reconnectBackoffMax, keepAlive=$keepAliveInterval/$keepAliveTimeout, " +
            "clientIdentity=$clientIdentity, " +
            "batchLinger=$batchLinger, maxBatchOperations=$maxBatchOperations, maxBatchBytes=$maxBatchBytes, " +
            "maxInFlightBatchesPerShard=$maxInFlightBatchesPerShard, keySorting=$keySorting, " +
            "maxValueBytes=$maxValueBytes, maxKeyBytes=$maxKeyBytes, maxInboundMessageBytes=$maxInboundMessageBytes, tls=$tls, " +
            "tokenProvider=${tokenProvider?.let { "<set>" }}, " +
            "addressTranslator=${addressTranslator?.let { "<set>" }}, " +
            "openTelemetry=${openTelemetry?.let { "<set>" }})"
}
