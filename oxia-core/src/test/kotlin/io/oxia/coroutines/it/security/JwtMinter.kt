package io.oxia.coroutines.it.security

import java.math.BigInteger
import java.security.KeyPairGenerator
import java.security.Signature
import java.security.interfaces.RSAPublicKey
import java.time.Duration
import java.time.Instant
import java.util.Base64

/**
 * Mints RS256-signed JSON Web Tokens with a fresh 2048-bit RSA key, as an OpenID provider would
 * issue ID tokens: `iss` is [issuer], `aud` [audience], `sub` the subject, `iat` now and `exp` as
 * asked.
 */
class JwtMinter(private val issuer: String, private val audience: String) {
    private val keys =
        KeyPairGenerator.getInstance("RSA").apply { initialize(2048) }.generateKeyPair()

    /** The key id the tokens name in their header and the JWKS lists. */
    val keyId: String = "test-key-1"

    /** A token for [subject] that expires [lifetime] from now (negative: already expired). */
    fun mint(subject: String, lifetime: Duration): String {
        val now = Instant.now()
        val header = """{"alg":"RS256","typ":"JWT","kid":"$keyId"}"""
        val claims =
            """{"iss":"$issuer","aud":"$audience","sub":"$subject",""" +
                """"iat":${now.epochSecond},"exp":${now.plus(lifetime).epochSecond}}"""
        val signed = "${encode(header.toByteArray())}.${encode(claims.toByteArray())}"
        val signature =
            Signature.getInstance("SHA256withRSA").run {
                initSign(keys.private)
                update(signed.toByteArray())
                sign()
            }
        return "$signed.${encode(signature)}"
    }

    /** The public key as PEM (`PUBLIC KEY`, X.509 SubjectPublicKeyInfo), for a static key file. */
    fun publicKeyPem(): String =
        "-----BEGIN PUBLIC KEY-----\n" +
            Base64.getMimeEncoder(64, "\n".toByteArray()).encodeToString(keys.public.encoded) +
            "\n-----END PUBLIC KEY-----\n"

    /** The public key as a JSON Web Key Set, for the issuer's `jwks_uri`. */
    fun jwks(): String {
        val public = keys.public as RSAPublicKey
        return """{"keys":[{"kty":"RSA","use":"sig","alg":"RS256","kid":"$keyId",""" +
            """"n":"${unsigned(public.modulus)}","e":"${unsigned(public.publicExponent)}"}]}"""
    }

    private companion object {
        fun encode(bytes: ByteArray): String =
            Base64.getUrlEncoder().withoutPadding().encodeToString(bytes)

        /** Base64url of the big-endian magnitude, without the sign byte Java may prepend. */
        fun unsigned(value: BigInteger): String =
            encode(
                value.toByteArray().let {
                    if (it[0] == 0.toByte()) it.copyOfRange(1, it.size) else it
                }
            )
    }
}
