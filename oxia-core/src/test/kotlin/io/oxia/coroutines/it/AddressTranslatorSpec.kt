package io.oxia.coroutines.it

import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.oxia.coroutines.AddressTranslator
import io.oxia.coroutines.OxiaClient
import io.oxia.coroutines.OxiaException
import io.oxia.coroutines.get
import io.oxia.coroutines.put
import io.oxia.coroutines.testing.FaultProxies
import java.util.Collections
import kotlin.time.Duration.Companion.seconds
import kotlinx.coroutines.delay
import kotlinx.coroutines.withTimeout

/**
 * The address translator: every server the client learns of is dialled where the translator says,
 * under its own name (servers from v0.17 refuse a call whose authority is not theirs).
 */
class AddressTranslatorSpec :
    FunSpec({
        val server by standalone()

        test("every dial goes where the translator says, so a proxy there can cut the client off") {
            FaultProxies.start(listOf(server.serviceAddress)).use { proxies ->
                val asked = Collections.synchronizedSet(mutableSetOf<String>())
                val client =
                    OxiaClient.connect(server.serviceAddress) {
                        requestTimeout = 2.seconds
                        addressTranslator = AddressTranslator {
                            asked += it
                            proxies.translate(it)
                        }
                    }
                try {
                    client.put("/translated", "through the proxy")
                    client.get("/translated")!!.valueAsString shouldBe "through the proxy"
                    asked shouldBe setOf(server.serviceAddress)
                    val proxy = proxies[server.serviceAddress]
                    (proxy.acceptedConnections > 0) shouldBe true
                    proxies.cut()
                    shouldThrow<OxiaException> { client.get("/translated") }
                    proxies.restore()
                    // The channel reconnects after its backoff.
                    withTimeout(20_000) {
                        while (runCatching { client.get("/translated") }.isFailure) delay(100)
                    }
                    client.get("/translated")!!.valueAsString shouldBe "through the proxy"
                } finally {
                    client.shutdown()
                }
            }
        }
    })
