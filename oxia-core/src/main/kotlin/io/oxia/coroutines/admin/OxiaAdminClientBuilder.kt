package io.oxia.coroutines.admin

import io.oxia.coroutines.InvalidArgumentException
import io.oxia.coroutines.OxiaDsl
import io.oxia.coroutines.TlsOptions
import io.oxia.coroutines.TokenProvider
import kotlin.time.Duration
import kotlin.time.Duration.Companion.seconds
import kotlin.time.toJavaDuration

/**
 * Collects the settings of an [OxiaAdminClient]; the receiver of [OxiaAdminClient.connect]'s block.
 * Every setting has a default; [build] validates them and fails with [InvalidArgumentException].
 */
@OxiaDsl
public class OxiaAdminClientBuilder(
    /**
     * The coordinator's admin address, `host:port`: the address its `-p` (public) flag names
     * (`localhost:6651` by default).
     */
    public val adminAddress: String
) {
    /**
     * The longest one call may take, retries included; it then fails with
     * [io.oxia.coroutines.OxiaTimeoutException]. Default 30 s.
     */
    public var requestTimeout: Duration = 30.seconds

    /** Transport security; `null` (the default) connects in plaintext. */
    public var tls: TlsOptions? = null

    /** Supplies a bearer token for every call; `null` (the default) sends none. */
    public var tokenProvider: TokenProvider? = null

    /** Validates the settings and makes the immutable configuration. */
    public fun build(): OxiaAdminConfig {
        if (!HOST_PORT.matches(adminAddress)) {
            throw InvalidArgumentException("adminAddress must be host:port, was '$adminAddress'")
        }
        if (!requestTimeout.isPositive()) {
            throw InvalidArgumentException("requestTimeout must be positive, was $requestTimeout")
        }
        return OxiaAdminConfig(adminAddress, requestTimeout, tls, tokenProvider)
    }

    private companion object {
        val HOST_PORT = Regex("""^(\[[0-9A-Fa-f:.]+]|[^:\s\[\],]+):\d{1,5}$""")
    }
}

/** The settings of an [OxiaAdminClient], made by [OxiaAdminClientBuilder]. Immutable. */
public class OxiaAdminConfig
internal constructor(
    /** See [OxiaAdminClientBuilder.adminAddress]. */
    public val adminAddress: String,
    /** See [OxiaAdminClientBuilder.requestTimeout]; Java sees [javaRequestTimeout]. */
    @get:JvmSynthetic public val requestTimeout: Duration,
    /** See [OxiaAdminClientBuilder.tls]. */
    public val tls: TlsOptions?,
    /** See [OxiaAdminClientBuilder.tokenProvider]. */
    public val tokenProvider: TokenProvider?,
) {
    /** [requestTimeout] as a [java.time.Duration]; for Java, `getRequestTimeout()`. */
    @get:JvmName("getRequestTimeout")
    public val javaRequestTimeout: java.time.Duration
        get() = requestTimeout.toJavaDuration()

    override fun equals(other: Any?): Boolean =
        other is OxiaAdminConfig &&
            adminAddress == other.adminAddress &&
            requestTimeout == other.requestTimeout &&
            tls == other.tls &&
            tokenProvider == other.tokenProvider

    override fun hashCode(): Int =
        listOf(adminAddress, requestTimeout, tls, tokenProvider).hashCode()

    override fun toString(): String =
        "OxiaAdminConfig(adminAddress=$adminAddress, requestTimeout=$requestTimeout, tls=$tls, " +
            "tokenProvider=${tokenProvider?.let { "<set>" }})"
}
