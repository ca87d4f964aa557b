package io.oxia.coroutines

import java.nio.file.Path

/**
 * Transport security for the connections to Oxia.
 *
 * @property trustedCertificates PEM file of the certificate authorities to trust; `null` trusts the
 *   JVM's default trust store.
 * @property clientCertificate PEM certificate chain presented for mutual TLS; requires [clientKey].
 * @property clientKey PEM (PKCS#8) private key of [clientCertificate].
 */
public class TlsOptions
@JvmOverloads
constructor(
    public val trustedCertificates: Path? = null,
    public val clientCertificate: Path? = null,
    public val clientKey: Path? = null,
) {
    init {
        if ((clientCertificate == null) != (clientKey == null)) {
            throw InvalidArgumentException(
                "a client certificate and its key must be given together"
            )
        }
    }

    override fun equals(other: Any?): Boolean =
        other is TlsOptions &&
            trustedCertificates == other.trustedCertificates &&
            clientCertificate == other.clientCertificate &&
            clientKey == other.clientKey

    override fun hashCode(): Int =
        listOf(trustedCertificates, clientCertificate, clientKey).hashCode()

    override fun toString(): String =
        "TlsOptions(trustedCertificates=$trustedCertificates, clientCertificate=$clientCertificate, " +
            "clientKey=${clientKey?.let { "<set>" }})"
}
