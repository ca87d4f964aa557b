package io.oxia.coroutines.it.security

import com.sun.net.httpserver.HttpExchange
import com.sun.net.httpserver.HttpServer
import java.net.InetSocketAddress
import java.time.Duration
import java.util.concurrent.Executors

/**
 * A minimal OpenID Connect issuer for tests, inside the test JVM: plain HTTP on `127.0.0.1`,
 * serving only the discovery document (`/.well-known/openid-configuration`) and the key set
 * (`/jwks`) that an Oxia server's OIDC provider fetches. Tokens come from [mint]; nothing else of
 * OpenID Connect (login, token endpoint) exists.
 *
 * For servers before v0.16, whose OIDC provider always discovers its issuer over HTTP; later ones
 * take the issuer's key from a file ([StaticKeyIssuer]).
 */
class OidcIssuer(audience: String) : TokenIssuer {
    private val server = HttpServer.create(InetSocketAddress("127.0.0.1", 0), 0)

    /** The issuer URL, `http://127.0.0.1:<port>`: the `iss` of every token. */
    val url: String = "http://127.0.0.1:${server.address.port}"

    private val minter = JwtMinter(url, audience)

    override val providerParams: String =
        """{"allowedIssueURLs":"$url","allowedAudiences":"$audience","userNameClaim":"sub"}"""

    init {
        val discovery =
            """{"issuer":"$url","jwks_uri":"$url/jwks","response_types_supported":["id_token"],""" +
                """"subject_types_supported":["public"],"id_token_signing_alg_values_supported":["RS256"]}"""
        server.createContext("/.well-known/openid-configuration") { it.answer(discovery) }
        server.createContext("/jwks") { it.answer(minter.jwks()) }
        server.executor =
            Executors.newFixedThreadPool(2) { r ->
                Thread(r, "oidc-issuer").apply { isDaemon = true }
            }
        server.start()
    }

    override fun mint(subject: String, lifetime: Duration): String = minter.mint(subject, lifetime)

    override fun close() {
        server.stop(0)
        (server.executor as java.util.concurrent.ExecutorService).shutdownNow()
    }

    private fun HttpExchange.answer(json: String) {
        val body = json.toByteArray()
        responseHeaders.add("Content-Type", "application/json")
        sendResponseHeaders(200, body.size.toLong())
        responseBody.use { it.write(body) }
    }
}
