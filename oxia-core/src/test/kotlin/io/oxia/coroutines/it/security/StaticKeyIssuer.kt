package io.oxia.coroutines.it.security

import java.nio.file.Files
import java.nio.file.Path
import java.time.Duration

/**
 * An OIDC issuer that nobody serves: its tokens are signed with a key whose public half the servers
 * read from a file (`staticKeyFile`, Oxia v0.16+), so a server never fetches anything, and the
 * issuer URL, `https://issuer.oxia.invalid`, resolves nowhere.
 */
class StaticKeyIssuer(audience: String, dir: Path) : TokenIssuer {
    private val minter = JwtMinter(URL, audience)
    private val keyFile: Path =
        dir.resolve("issuer-public-key.pem").also { Files.writeString(it, minter.publicKeyPem()) }

    override val providerParams: String =
        """{"issuers":{"$URL":{"allowedAudiences":"$audience","userNameClaim":"sub",""" +
            """"staticKeyFile":"$keyFile"}}}"""

    override fun mint(subject: String, lifetime: Duration): String = minter.mint(subject, lifetime)

    override fun close() {}

    private companion object {
        const val URL = "https://issuer.oxia.invalid"
    }
}
