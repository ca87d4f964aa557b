package io.oxia.coroutines

import io.oxia.coroutines.internal.routing.bootstrapAddresses
import kotlin.time.Duration

/**
 * The settings of an [OxiaClient], made by [OxiaClientBuilder]; see the builder for what each one
 * means and its default. Immutable.
 */
public class OxiaClientConfig
internal constructor(
    /** See [OxiaClientBuilder.serviceAddress]. */
    public val serviceAddress: String,
    /** See [OxiaClientBuilder.namespace]. */
    public val namespace: String,
    /** See [OxiaClientBuilder.requestTimeout]. */
    public val requestTimeout: Duration,
    /** See [OxiaClientBuilder.connectTimeout]. */
    public val connectTimeout: Duration,
    /** See [OxiaClientBuilder.sessionTimeout]. */
    public val sessionTimeout: Duration,
    /** See [OxiaClientBuilder.clientIdentity]. */
    public val clientIdentity: String,
    /** See [OxiaClientBuilder.batchLinger]. */
    public val batchLinger: Duration,
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
) {
    /** The addresses of [serviceAddress], in the order given. */
    internal val bootstrapAddresses: List<String> = bootstrapAddresses(serviceAddress)

    override fun toString(): String =
        "OxiaClientConfig(serviceAddress=$serviceAddress, namespace=$namespace, requestTimeout=$requestTimeout, " +
            "connectTimeout=$connectTimeout, sessionTimeout=$sessionTimeout, clientIdentity=$clientIdentity, " +
            "batchLinger=$batchLinger, maxBatchOperations=$maxBatchOperations, maxBatchBytes=$maxBatchBytes, " +
            "maxInFlightBatchesPerShard=$maxInFlightBatchesPerShard, keySorting=$keySorting, " +
            "maxValueBytes=$maxValueBytes, maxKeyBytes=$maxKeyBytes, maxInboundMessageBytes=$maxInboundMessageBytes, tls=$tls, " +
            "tokenProvider=${tokenProvider?.let { "<set>" }})"
}
