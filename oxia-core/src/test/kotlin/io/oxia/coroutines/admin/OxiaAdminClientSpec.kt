package io.oxia.coroutines.admin

import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.longs.shouldBeLessThan
import io.kotest.matchers.shouldBe
import io.oxia.coroutines.ClientClosedException
import io.oxia.coroutines.InvalidArgumentException
import io.oxia.coroutines.KeySorting
import io.oxia.coroutines.OxiaTimeoutException
import java.net.ServerSocket
import kotlin.time.Duration.Companion.milliseconds
import kotlin.time.Duration.Companion.seconds
import kotlin.time.measureTime

/** The admin client without a coordinator: settings, timeouts, arguments, and after close. */
class OxiaAdminClientSpec :
    FunSpec({
        /** A loopback address nothing listens on. */
        fun deadAddress(): String = ServerSocket(0).use { "127.0.0.1:${it.localPort}" }

        test("bad settings fail when the client is made") {
            shouldThrow<InvalidArgumentException> { OxiaAdminClient.connect("no-port") }
            shouldThrow<InvalidArgumentException> {
                OxiaAdminClient.connect("localhost:6651") { requestTimeout = 0.seconds }
            }
        }

        test("an unreachable coordinator fails reads and changes with a timeout, in time") {
            OxiaAdminClient.connect(deadAddress()) { requestTimeout = 700.milliseconds }
                .use { admin ->
                    val took = measureTime {
                        shouldThrow<OxiaTimeoutException> { admin.listNamespaces() }
                        // Never connected, so nothing was applied: retried, then timed out.
                        shouldThrow<OxiaTimeoutException> {
                            admin.createNamespace(NamespaceConfig("n", 1, 1))
                        }
                    }
                    took.inWholeMilliseconds shouldBeLessThan 5_000
                }
        }

        test("arguments the coordinator could not take fail before anything is sent") {
            OxiaAdminClient.connect(deadAddress()).use { admin ->
                shouldThrow<InvalidArgumentException> {
                    admin.createNamespace(NamespaceConfig("n", 0, 1))
                }
                shouldThrow<InvalidArgumentException> {
                    admin.createNamespace(
                        NamespaceConfig("n", 1, 1, keySorting = KeySorting.SEGMENTED)
                    )
                }
                shouldThrow<InvalidArgumentException> { admin.splitShard("n", 0, 1L shl 32) }
                shouldThrow<InvalidArgumentException> { admin.getNamespace("") }
            }
        }

        test("after close every call fails with ClientClosedException; close is idempotent") {
            val admin = OxiaAdminClient.connect(deadAddress())
            admin.shutdown()
            admin.close()
            shouldThrow<ClientClosedException> { admin.listDataServers() }
            shouldThrow<ClientClosedException> { admin.deleteNamespace("n") }
        }

        test("views compare by value") {
            NamespaceConfig("a", 1, 3) shouldBe NamespaceConfig("a", 1, 3)
            DataServer("s", "h:1", "h:2").hashCode() shouldBe
                DataServer("s", "h:1", "h:2", emptyMap()).hashCode()
            NamespaceConfig("a", 1, 3).toString() shouldBe
                "NamespaceConfig(name=a, initialShardCount=1, replicationFactor=3, " +
                    "notificationsEnabled=null, keySorting=HIERARCHICAL)"
        }
    })
