package io.oxia.coroutines.testing.it

import com.google.protobuf.ByteString
import io.grpc.StatusException
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.shouldNotBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.string.shouldMatch
import io.oxia.coroutines.proto.Status as OxiaStatus
import io.oxia.coroutines.testing.OxiaBinary
import io.oxia.coroutines.testing.OxiaStandalone
import io.oxia.coroutines.testing.internal.PrometheusEndpoint
import io.oxia.coroutines.testing.internal.Readiness
import java.nio.file.Files
import java.nio.file.Path
import java.util.concurrent.TimeUnit
import kotlin.time.Duration.Companion.minutes

/**
 * The standalone server's lifecycle: ready on start, kill, restart on the same port with its data,
 * close.
 */
class OxiaStandaloneSpec :
    FunSpec({
        val protocol = RawProtocol.legacy

        test(
                "restart brings the server back on the same address with its data; close is idempotent"
            )
            .config(timeout = 2.minutes) {
                val server = OxiaStandalone.start(shards = 2)
                server.use {
                    server.serviceAddress shouldMatch Regex("""127\.0\.0\.1:\d+""")
                    server.version shouldBe OxiaBinary.configuredVersion()
                    server.logFile.toString() shouldContain "target/oxia-servers/standalone-"
                    Files.readString(server.logFile) shouldContain "Started Grpc server"

                    val shard =
                        RawProtocol.shardFor(protocol.shards(server.serviceAddress), "/kept")
                    val value = ByteString.copyFromUtf8("survives a kill")
                    protocol.put(shard.leader, shard.shard, "/kept", value).status shouldBe
                        OxiaStatus.OK
                    // The endpoint benchmarks read the server's own request counters from.
                    server.metricsAddress shouldMatch Regex("""127\.0\.0\.1:\d+""")
                    server.metricsAddress shouldNotBe server.serviceAddress
                    PrometheusEndpoint.text(server.metricsAddress) shouldContain
                        "grpc_server_msg_received_total{"

                    server.kill()
                    server.isAlive shouldBe false
                    Readiness.listening(server.serviceAddress) shouldBe false

                    server.restart()
                    server.isAlive shouldBe true
                    val after =
                        RawProtocol.shardFor(protocol.shards(server.serviceAddress), "/kept")
                    protocol.get(after.leader, after.shard, "/kept").value shouldBe value
                }
                server.isAlive shouldBe false
                Readiness.listening(server.serviceAddress) shouldBe false
                server.close()
            }

        test("a server started without notifications refuses to stream them").config(
            timeout = 2.minutes
        ) {
            OxiaStandalone.start(shards = 1, notificationsEnabled = false).use { server ->
                val shard = protocol.shards(server.serviceAddress).single()
                shouldThrow<StatusException> {
                    protocol.firstNotificationBatch(shard.leader, shard.shard)
                }
            }
        }

        test("a server that a JVM never closes dies when that JVM exits").config(
            timeout = 2.minutes
        ) {
            val java = Path.of(System.getProperty("java.home"), "bin", "java").toString()
            val output = Files.createTempFile("abandoned", ".out")
            try {
                val settings =
                    listOf("oxia.server.version", "oxia.binary", "oxia.cache.dir").mapNotNull { key
                        ->
                        System.getProperty(key)?.let { "-D$key=$it" }
                    }
                val child =
                    ProcessBuilder(
                            listOf(java, "-cp", System.getProperty("java.class.path")) +
                                settings +
                                AbandonedStandalone::class.java.name
                        )
                        .redirectErrorStream(true)
                        .redirectOutput(output.toFile())
                        .start()
                child.waitFor(90, TimeUnit.SECONDS) shouldBe true
                val log = Files.readString(output)
                child.exitValue() shouldBe 0
                val address = Regex("address=(\\S+)").find(log)?.groupValues?.get(1)
                address shouldNotBe null
                Readiness.listening(address!!) shouldBe false
            } finally {
                Files.deleteIfExists(output)
            }
        }
    })
