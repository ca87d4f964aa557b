package io.oxia.coroutines.internal.transport

import io.grpc.Status
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.nulls.shouldBeNull
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.oxia.coroutines.UnauthenticatedException
import java.security.cert.CertificateException
import javax.net.ssl.SSLException
import javax.net.ssl.SSLHandshakeException

/** How TLS handshake failures are told apart from other connection failures, and worded. */
class TlsRefusalSpec :
    FunSpec({
        fun unavailable(cause: Throwable) =
            Status.UNAVAILABLE.withDescription("io exception").withCause(cause).asException()

        test("an untrusted server certificate is a non-retryable refusal that names the setting") {
            val failure =
                RpcFailure.of(
                    unavailable(
                        SSLHandshakeException("General OpenSslEngine problem").apply {
                            initCause(
                                CertificateException("unable to find valid certification path")
                            )
                        }
                    )
                )!!
            failure.kind shouldBe OxiaErrorKind.UNAUTHENTICATED
            val e = failure.toOxiaException("default")
            (e is UnauthenticatedException) shouldBe true
            e.message shouldContain
                "the TLS handshake failed: the client does not trust the server's certificate"
            e.message shouldContain "unable to find valid certification path"
            e.message shouldContain "TlsOptions.trustedCertificates"
        }

        test("a server's certificate alert is a refusal of the client certificate") {
            val alert = SSLException("OPENSSL_internal:TLSV1_ALERT_CERTIFICATE_REQUIRED")
            val failure = RpcFailure.of(unavailable(RuntimeException(alert)))!!
            failure.kind shouldBe OxiaErrorKind.UNAUTHENTICATED
            failure.toOxiaException("default").message shouldContain
                "the server refused the client's certificate or its absence"
        }

        test("other TLS and connection failures stay retryable connection failures") {
            tlsRefusal(unavailable(SSLException("Connection reset"))).shouldBeNull()
            RpcFailure.of(unavailable(SSLException("Connection reset")))!!.kind shouldBe
                OxiaErrorKind.CONNECTION
            RpcFailure.of(unavailable(java.net.ConnectException("refused")))!!.kind shouldBe
                OxiaErrorKind.CONNECTION
        }
    })
