package io.oxia.coroutines

import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import kotlin.time.Duration.Companion.milliseconds
import kotlin.time.Duration.Companion.minutes
import kotlin.time.Duration.Companion.seconds

class OxiaClientBuilderSpec :
    FunSpec({
        test("defaults match the documented ones") {
            val config = OxiaClientBuilder("localhost:6648").build()
            config.namespace shouldBe "default"
            config.requestTimeout shouldBe 30.seconds
            config.sessionTimeout shouldBe 15.seconds
            config.batchLinger shouldBe 0.milliseconds
            config.maxBatchOperations shouldBe 1000
            config.maxBatchBytes shouldBe 128 * 1024
            config.keySorting shouldBe KeySorting.HIERARCHICAL
            config.reconnectBackoffInitial shouldBe 100.milliseconds
            config.reconnectBackoffMax shouldBe 1.seconds
            config.keepAliveInterval shouldBe 6.seconds
            config.keepAliveTimeout shouldBe 4.seconds
        }

        test("reconnect and keepalive settings out of range are rejected, naming the setting") {
            val bad: List<Pair<String, OxiaClientBuilder.() -> Unit>> =
                listOf(
                    "reconnectBackoffInitial" to { reconnectBackoffInitial = 0.seconds },
                    "reconnectBackoffMax" to { reconnectBackoffMax = 50.milliseconds },
                    "keepAliveInterval" to { keepAliveInterval = 4.seconds },
                    "keepAliveTimeout" to { keepAliveTimeout = 0.seconds },
                )
            for ((name, setting) in bad) {
                shouldThrow<InvalidArgumentException> {
                        OxiaClientBuilder("localhost:6648").apply(setting).build()
                    }
                    .message shouldContain name
            }
            val tuned =
                OxiaClientBuilder("localhost:6648")
                    .apply {
                        reconnectBackoffInitial = 50.milliseconds
                        reconnectBackoffMax = 50.milliseconds
                        keepAliveInterval = 5.seconds
                    }
                    .build()
            tuned.javaReconnectBackoffMax shouldBe java.time.Duration.ofMillis(50)
            tuned.javaKeepAliveInterval shouldBe java.time.Duration.ofSeconds(5)
        }

        test("the address translator is off by default and carried into the configuration") {
            OxiaClientBuilder("localhost:6648").build().addressTranslator shouldBe null
            val translator = AddressTranslator { "127.0.0.1:" + it.substringAfter(':') }
            val config =
                OxiaClientBuilder("localhost:6648").apply { addressTranslator = translator }.build()
            config.addressTranslator!!.translate("a:1") shouldBe "127.0.0.1:1"
            config.toString() shouldContain "addressTranslator=<set>"
        }

        test("a session timeout outside [2 s, 5 min] is rejected") {
            listOf(1.seconds, 5.minutes + 1.milliseconds).forEach { timeout ->
                shouldThrow<InvalidArgumentException> {
                        OxiaClientBuilder("localhost:6648")
                            .apply { sessionTimeout = timeout }
                            .build()
                    }
                    .message shouldContain "sessionTimeout"
            }
            OxiaClientBuilder("localhost:6648").apply { sessionTimeout = 2.seconds }.build()
            OxiaClientBuilder("localhost:6648").apply { sessionTimeout = 5.minutes }.build()
        }

        test("an address that is not host:port is rejected") {
            listOf("", "localhost", "localhost:", "http://x:1", "a b:1").forEach { address ->
                shouldThrow<InvalidArgumentException> { OxiaClientBuilder(address).build() }
            }
            OxiaClientBuilder("[::1]:6648").build()
            OxiaClientBuilder("127.0.0.1:6648").build()
        }

        test("several bootstrap addresses are separated by commas, each of them host:port") {
            OxiaClientBuilder("a:1, [::1]:2,c:3").build().bootstrapAddresses shouldBe
                listOf("a:1", "[::1]:2", "c:3")
            listOf("a:1,", "a:1,b", ",a:1", "a:1;b:2").forEach { address ->
                shouldThrow<InvalidArgumentException> { OxiaClientBuilder(address).build() }
                    .message shouldContain "several separated by commas"
            }
        }

        test("conflicting put options are rejected before anything is sent") {
            shouldThrow<InvalidArgumentException> { PutOptions(sequenceKeyDeltas = listOf(1)) }
                .message shouldContain "partitionKey"
            shouldThrow<InvalidArgumentException> {
                    PutOptions(
                        partitionKey = "p",
                        sequenceKeyDeltas = listOf(1),
                        expectedVersionId = 3,
                    )
                }
                .message shouldContain "expectedVersionId"
            shouldThrow<InvalidArgumentException> {
                    PutOptions(partitionKey = "p", sequenceKeyDeltas = listOf(0))
                }
                .message shouldContain "> 0"
            shouldThrow<InvalidArgumentException> { PutOptions(expectedVersionId = -2) }
            shouldThrow<InvalidArgumentException> { DeleteOptions(expectedVersionId = -1) }
        }

        test("the Java builders make the same options as named arguments") {
            PutOptions.builder()
                .ifAbsent()
                .partitionKey("p")
                .secondaryIndex("i", "s")
                .build() shouldBe
                PutOptions(
                    expectedVersionId = Version.KEY_NOT_EXISTS,
                    partitionKey = "p",
                    secondaryIndexes = listOf(SecondaryIndex("i", "s")),
                )
            GetOptions.builder()
                .comparison(KeyComparison.FLOOR)
                .includeValue(false)
                .build() shouldBe GetOptions(comparison = KeyComparison.FLOOR, includeValue = false)
        }
    })
