package io.oxia.coroutines.it.security

import io.oxia.coroutines.TlsOptions
import io.oxia.coroutines.it.isAtLeast
import io.oxia.coroutines.testing.OxiaBinary
import io.oxia.coroutines.testing.OxiaSecurity
import java.nio.file.Files

/**
 * Everything a secured test cluster and its clients need, made fresh in a temporary folder that
 * [close] deletes: a CA with a server certificate (`127.0.0.1`, `localhost`) and a client
 * certificate, a second, unrelated CA, and an OpenID issuer for the audience [AUDIENCE]: from Oxia
 * v0.16 on, one whose key the servers read from a file ([StaticKeyIssuer]); before, one served over
 * HTTP from this JVM ([OidcIssuer]).
 */
class SecurityMaterial
@JvmOverloads
constructor(serverVersion: String = OxiaBinary.configuredVersion()) : AutoCloseable {
    private val dir = Files.createTempDirectory("oxia-security-")

    /** The CA the servers' and the client's certificates chain to. */
    val ca = CertificateAuthority("oxia-test", dir)

    /** A CA that nobody trusts. */
    val stranger = CertificateAuthority("stranger", dir)

    private val server = ca.issueServer("server")
    private val client = ca.issueClient("client")

    /** The issuer the servers of [mutualTlsWithOidc] trust. */
    val issuer: TokenIssuer =
        if (isAtLeast(serverVersion, 16)) StaticKeyIssuer(AUDIENCE, dir) else OidcIssuer(AUDIENCE)

    /** Servers with TLS from [ca] that do not ask for client certificates or tokens. */
    fun tlsOnly(): OxiaSecurity =
        OxiaSecurity(OxiaSecurity.Tls(server.certificate, server.key, ca.certificate))

    /** Servers that require a client certificate from [ca] and a token from [issuer]. */
    fun mutualTlsWithOidc(): OxiaSecurity =
        OxiaSecurity(
            OxiaSecurity.Tls(
                server.certificate,
                server.key,
                ca.certificate,
                requireClientCertificate = true,
                clientCertificate = client.certificate,
                clientKey = client.key,
            ),
            OxiaSecurity.Auth("oidc", issuer.providerParams) { issuer.mint("oxia-testing") },
        )

    /** Client settings that trust [ca], without a client certificate. */
    fun trustOnly(): TlsOptions = TlsOptions(ca.certificate)

    /** Client settings that trust [ca] and present the client certificate. */
    fun mutualTls(): TlsOptions = TlsOptions(ca.certificate, client.certificate, client.key)

    /** Client settings that trust only [stranger]. */
    fun trustStranger(): TlsOptions = TlsOptions(stranger.certificate)

    override fun close() {
        issuer.close()
        dir.toFile().deleteRecursively()
    }

    companion object {
        /** The audience the servers accept and the tokens carry. */
        const val AUDIENCE = "oxia"
    }
}
