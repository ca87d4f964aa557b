package io.oxia.coroutines.testing

import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.oxia.coroutines.testing.internal.ClusterLayout
import java.nio.file.Files
import java.nio.file.Path

/**
 * How [OxiaSecurity] becomes server flags. Secured clusters themselves run in oxia-core's
 * SecuritySpec, which has the certificates and the token issuer.
 */
class OxiaSecuritySpec :
    FunSpec({
        val dir = Files.createTempDirectory("oxia-security-layout-").toFile()
        afterSpec { dir.deleteRecursively() }

        fun layout(security: OxiaSecurity) =
            ClusterLayout("oxia", dir, 1, listOf(OxiaNamespace("default", 1, 1)), true, security)

        fun securityFlags(command: List<String>) = command.filter {
            it.startsWith("--tls") || it.startsWith("--auth")
        }

        test(
            "data servers get Oxia's TLS and auth flags for their public port; the coordinator none"
        ) {
            val security =
                OxiaSecurity(
                    OxiaSecurity.Tls(
                        Path.of("/s.pem"),
                        Path.of("/s-key.pem"),
                        Path.of("/ca.pem"),
                        requireClientCertificate = true,
                        clientCertificate = Path.of("/c.pem"),
                        clientKey = Path.of("/c-key.pem"),
                    ),
                    OxiaSecurity.Auth("oidc", """{"allowedAudiences":"oxia"}""") { "token" },
                )
            val secured = layout(security)
            secured.serverCommand(secured.servers.single()).takeLast(11) shouldBe
                listOf(
                    "--tls-cert-file",
                    "/s.pem",
                    "--tls-key-file",
                    "/s-key.pem",
                    "--tls-trusted-ca-file",
                    "/ca.pem",
                    "--tls-client-auth=true",
                    "--auth-provider-name",
                    "oidc",
                    "--auth-provider-params",
                    """{"allowedAudiences":"oxia"}""",
                )
            securityFlags(secured.coordinatorCommand()) shouldBe emptyList()
            val plain = layout(OxiaSecurity.NONE)
            securityFlags(plain.serverCommand(plain.servers.single())) shouldBe emptyList()
        }

        test("servers that require a client certificate need one for the kit's own calls") {
            shouldThrow<IllegalArgumentException> {
                    OxiaSecurity.Tls(Path.of("/s.pem"), Path.of("/k.pem"), Path.of("/ca.pem"), true)
                }
                .message shouldContain "the kit needs one"
        }
    })
