package io.oxia.coroutines.it.security

import java.time.Duration

/**
 * Where a secured test cluster's OIDC tokens come from, and how its servers are told to trust it.
 */
interface TokenIssuer : AutoCloseable {
    /** The `--auth-provider-params` that make an Oxia server trust this issuer's tokens. */
    val providerParams: String

    /** A token for [subject] that expires [lifetime] from now (negative: already expired). */
    fun mint(subject: String = "oxia-test", lifetime: Duration = Duration.ofMinutes(10)): String
}
