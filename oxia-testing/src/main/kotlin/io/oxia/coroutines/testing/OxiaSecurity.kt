package io.oxia.coroutines.testing

import java.nio.file.Path
import java.util.function.Supplier

/**
 * How an [OxiaCluster] secures its data servers' public ports (the ports clients use): TLS,
 * optionally requiring client certificates, and token authentication. The internal ports
 * (coordinator and replication traffic) stay plaintext. Immutable.
 *
 * The kit's own calls to the public ports (readiness checks, [OxiaCluster.leaderOf]) use the same
 * settings: they trust [Tls.trustedCa], present [Tls.clientCertificate] when given, and send
 * `authorization: Bearer <token>` from [Auth.token] when authentication is on.
 *
 * Every file is PEM and is read by the server processes when they start (and on each TLS
 * handshake), so it must stay in place while the cluster runs.
 */
public class OxiaSecurity
@JvmOverloads
constructor(
    /** TLS of the public ports; `null` serves plaintext. */
    public val tls: Tls? = null,
    /** Token authentication of the public ports; `null` accepts every caller. */
    public val auth: Auth? = null,
) {
    /**
     * TLS settings of the data servers (`--tls-cert-file`, `--tls-key-file`,
     * `--tls-trusted-ca-file`, `--tls-client-auth`).
     *
     * @throws IllegalArgumentException when only one of [clientCertificate] and [clientKey] is
     *   given, or a client certificate is required but the kit is given none.
     */
    public class Tls
    @JvmOverloads
    constructor(
        /** The servers' certificate (chain); it must name `127.0.0.1` as an IP address. */
        public val certificate: Path,
        /** The private key of [certificate]. */
        public val key: Path,
        /** The CA the kit trusts for [certificate], and that client certificates must chain to. */
        public val trustedCa: Path,
        /** Whether the servers refuse clients without a certificate (mutual TLS). */
        public val requireClientCertificate: Boolean = false,
        /** The certificate the kit's own calls present; needed when one is required. */
        public val clientCertificate: Path? = null,
        /** The private key (PKCS#8) of [clientCertificate]. */
        public val clientKey: Path? = null,
    ) {
        init {
            require((clientCertificate == null) == (clientKey == null)) {
                "a client certificate and its key must be given together"
            }
            require(!requireClientCertificate || clientCertificate != null) {
                "the servers require a client certificate, so the kit needs one for its own calls"
            }
        }

        override fun toString(): String =
            "Tls(certificate=$certificate, trustedCa=$trustedCa, " +
                "requireClientCertificate=$requireClientCertificate, clientCertificate=$clientCertificate)"
    }

    /**
     * Token authentication of the data servers (`--auth-provider-name`, `--auth-provider-params`).
     */
    public class Auth(
        /** The server's provider name, for example `oidc`. */
        public val providerName: String,
        /**
         * The provider's settings as the server takes them; for `oidc` a JSON object such as
         * `{"allowedIssueURLs":"http://127.0.0.1:8080","allowedAudiences":"oxia"}`.
         */
        public val providerParams: String,
        /**
         * Gives the kit a valid token, without `Bearer `, each time it calls a public port; called
         * on the thread that starts or checks the cluster.
         */
        public val token: Supplier<String>,
    ) {
        init {
            require(providerName.isNotBlank()) { "providerName must not be blank" }
        }

        override fun toString(): String = "Auth($providerName, $providerParams)"
    }

    override fun toString(): String = "OxiaSecurity(tls=$tls, auth=$auth)"

    public companion object {
        /** Plaintext public ports that accept every caller: the default. */
        @JvmField public val NONE: OxiaSecurity = OxiaSecurity()
    }
}
