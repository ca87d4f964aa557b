package io.oxia.coroutines.internal.transport

import java.security.GeneralSecurityException
import javax.net.ssl.SSLException

/**
 * Why a call failed in its TLS handshake over certificates, worded for the caller, or `null` when
 * [failure] is no such failure. Either the client did not trust the server's certificate (a
 * certificate check failed on this side), or the server refused the client's certificate or its
 * absence (the server's alert names a certificate). Neither heals by retrying with the same
 * [io.oxia.coroutines.TlsOptions]; other TLS errors (a connection reset mid-handshake) may, and are
 * not reported here.
 */
internal fun tlsRefusal(failure: Throwable): String? {
    val chain = generateSequence(failure) { it.cause }.toList()
    val ssl = chain.filterIsInstance<SSLException>().firstOrNull() ?: return null
    if (chain.any { it is GeneralSecurityException }) {
        return "the client does not trust the server's certificate (${chain.last().message}); " +
            "check TlsOptions.trustedCertificates"
    }
    val alert = ssl.message.orEmpty()
    if ("certificate" in alert.lowercase() || "unknown_ca" in alert.lowercase()) {
        return "the server refused the client's certificate or its absence ($alert); " +
            "check TlsOptions.clientCertificate"
    }
    return null
}
