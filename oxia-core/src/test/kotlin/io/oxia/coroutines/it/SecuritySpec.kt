package io.oxia.coroutines.it

import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.engine.spec.tempdir
import io.kotest.matchers.ints.shouldBeGreaterThanOrEqual
import io.kotest.matchers.longs.shouldBeLessThan
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.types.shouldBeInstanceOf
import io.oxia.coroutines.NotificationType
import io.oxia.coroutines.OxiaClient
import io.oxia.coroutines.OxiaClientBuilder
import io.oxia.coroutines.TokenProvider
import io.oxia.coroutines.UnauthenticatedException
import io.oxia.coroutines.get
import io.oxia.coroutines.it.security.SecurityMaterial
import io.oxia.coroutines.it.security.StaticKeyIssuer
import io.oxia.coroutines.listKeys
import io.oxia.coroutines.notifications
import io.oxia.coroutines.put
import io.oxia.coroutines.testing.OxiaCluster
import java.time.Duration
import java.time.Instant
import java.util.concurrent.atomic.AtomicInteger
import kotlin.time.Duration.Companion.seconds
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.async
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.delay
import kotlinx.coroutines.flow.first
import kotlinx.coroutines.withTimeout

/**
 * TLS with a custom CA, mutual TLS and OIDC bearer tokens against real three-server clusters whose
 * public ports are secured. Certificates, keys and tokens are made by the test (see
 * [SecurityMaterial]). From Oxia v0.16 on the servers read the OpenID issuer's key from a static
 * key file and nothing serves the issuer; earlier servers discover an issuer served from this JVM.
 */
class SecuritySpec :
    FunSpec({
        val material = SecurityMaterial()
        val tlsCluster = lazy { OxiaCluster.start(servers = 3, security = material.tlsOnly()) }
        val securedCluster = lazy {
            OxiaCluster.start(servers = 3, security = material.mutualTlsWithOidc())
        }
        afterSpec {
            listOf(tlsCluster, securedCluster)
                .filter { it.isInitialized() }
                .forEach { it.value.close() }
            material.close()
        }

        suspend fun connect(cluster: OxiaCluster, configure: OxiaClientBuilder.() -> Unit) =
            OxiaClient.connect(cluster.serviceAddress) {
                keySorting = sortingOf(cluster.version)
                configure()
            }

        /**
         * Connecting with [configure] fails with a typed error well before the connect timeout (2
         * s): refused credentials are asked for once more, then given up.
         */
        suspend fun refusedAtConnect(
            cluster: OxiaCluster,
            configure: OxiaClientBuilder.() -> Unit,
        ): UnauthenticatedException {
            val started = System.nanoTime()
            val e =
                shouldThrow<UnauthenticatedException> {
                    connect(cluster) {
                            connectTimeout = 10.seconds
                            configure()
                        }
                        .close()
                }
            (System.nanoTime() - started) / 1_000_000 shouldBeLessThan 5_000L
            return e
        }

        test("TLS with a custom CA: put, get, list and notifications work") {
            val cluster = tlsCluster.value
            connect(cluster) { tls = material.trustOnly() }
                .use { client ->
                    val established = CompletableDeferred<Unit>()
                    coroutineScope {
                        val notified = async {
                            client
                                .notifications(
                                    keyPrefix = "/tls/",
                                    onEstablished = { established.complete(Unit) },
                                )
                                .first { it.key == "/tls/b" }
                        }
                        withTimeout(10_000) { established.await() }
                        client.put("/tls/a", "one")
                        client.put("/tls/b", "two")
                        client.get("/tls/a")?.valueAsString shouldBe "one"
                        client.listKeys("/tls/", "/tls/~") shouldBe listOf("/tls/a", "/tls/b")
                        withTimeout(10_000) { notified.await() }.type shouldBe
                            NotificationType.KEY_CREATED
                    }
                }
        }

        test("a client that trusts another CA is refused with a typed error, saying so") {
            refusedAtConnect(tlsCluster.value) { tls = material.trustStranger() }
                .message shouldContain "does not trust the server's certificate"
        }

        test("mutual TLS and a static token: a client certificate from the CA is accepted") {
            val token = material.issuer.mint()
            connect(securedCluster.value) {
                    tls = material.mutualTls()
                    tokenProvider = TokenProvider { token }
                }
                .use { client ->
                    client.put("/mtls/a", "one")
                    client.get("/mtls/a")?.valueAsString shouldBe "one"
                    client.listKeys("/mtls/", "/mtls/~") shouldBe listOf("/mtls/a")
                }
        }

        test("mutual TLS: a client without a certificate is refused with a typed error") {
            val token = material.issuer.mint()
            refusedAtConnect(securedCluster.value) {
                    tls = material.trustOnly()
                    tokenProvider = TokenProvider { token }
                }
                .message shouldContain
                "the TLS handshake failed: the server refused the client's certificate"
        }

        test("OIDC with a static key file: its tokens are accepted, another key's refused").config(
            enabledOrReasonIf = whereServerAnswersCanonically
        ) {
            material.issuer.shouldBeInstanceOf<StaticKeyIssuer>()
            connect(securedCluster.value) {
                    tls = material.mutualTls()
                    tokenProvider = TokenProvider { material.issuer.mint() }
                }
                .use { client ->
                    client.put("/static-key/a", "one")
                    client.get("/static-key/a")?.valueAsString shouldBe "one"
                }
            // Same issuer and audience, signed by a key the servers were not given.
            val impostor = StaticKeyIssuer(SecurityMaterial.AUDIENCE, tempdir().toPath())
            refusedAtConnect(securedCluster.value) {
                tls = material.mutualTls()
                tokenProvider = TokenProvider { impostor.mint() }
            }
        }

        test("OIDC: a client without a token is refused with a typed error") {
            refusedAtConnect(securedCluster.value) { tls = material.mutualTls() }
                .message shouldContain "UNAUTHENTICATED: empty token"
        }

        test("OIDC: once a static token has expired, calls fail with UnauthenticatedException") {
            val cluster = securedCluster.value
            val lifetime = Duration.ofSeconds(3)
            val token = material.issuer.mint(lifetime = lifetime)
            val expiry = Instant.now().plus(lifetime)
            connect(cluster) {
                    tls = material.mutualTls()
                    tokenProvider = TokenProvider { token }
                }
                .use { client ->
                    client.put("/expiring/a", "one")
                    client.get("/expiring/a")?.valueAsString shouldBe "one"
                    delay(Duration.between(Instant.now(), expiry).toMillis() + 1_100)
                    // Every read is a new call, which the server authenticates again.
                    val e = shouldThrow<UnauthenticatedException> { client.get("/expiring/a") }
                    e.message shouldContain "the server refused the client's credentials"
                    e.message shouldContain "token is expired"
                }
            // Connecting with it is refused too.
            refusedAtConnect(cluster) {
                    tls = material.mutualTls()
                    tokenProvider = TokenProvider { token }
                }
                .message shouldContain "token is expired"
        }

        test("OIDC: a supplier that first gives an expired token, then refreshes, recovers") {
            val asked = AtomicInteger()
            val refreshes = AtomicInteger()
            var current = material.issuer.mint(lifetime = Duration.ofSeconds(-30))
            var expiry = Instant.EPOCH
            val lock = Any()
            val refreshing = TokenProvider {
                // The first answer is stale on purpose; after that the token is renewed when it
                // has less than a second left.
                synchronized(lock) {
                    if (asked.getAndIncrement() > 0 && Instant.now().plusSeconds(1) > expiry) {
                        current = material.issuer.mint(lifetime = Duration.ofSeconds(3))
                        expiry = Instant.now().plusSeconds(3)
                        refreshes.incrementAndGet()
                    }
                    current
                }
            }
            connect(securedCluster.value) {
                    tls = material.mutualTls()
                    tokenProvider = refreshing
                }
                .use { client ->
                    // The refused first token cost only a retry of the shard map stream.
                    client.put("/refreshed/a", "one")
                    // Reads across more than one token lifetime keep working.
                    val until = Instant.now().plusSeconds(4)
                    while (Instant.now() < until) {
                        client.get("/refreshed/a")?.valueAsString shouldBe "one"
                        delay(200)
                    }
                }
            refreshes.get() shouldBeGreaterThanOrEqual 2
        }
    })
