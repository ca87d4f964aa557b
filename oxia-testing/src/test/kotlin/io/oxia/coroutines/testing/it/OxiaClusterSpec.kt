package io.oxia.coroutines.testing.it

import com.google.protobuf.ByteString
import io.grpc.Status
import io.grpc.StatusException
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldContain
import io.kotest.matchers.collections.shouldHaveSize
import io.kotest.matchers.shouldBe
import io.kotest.matchers.shouldNotBe
import io.kotest.matchers.string.shouldContain
import io.oxia.coroutines.proto.ShardAssignmentsRequest
import io.oxia.coroutines.proto.Status as OxiaStatus
import io.oxia.coroutines.proto.legacy.OxiaClientGrpcKt
import io.oxia.coroutines.testing.OxiaCluster
import io.oxia.coroutines.testing.OxiaNamespace
import io.oxia.coroutines.testing.internal.Readiness
import java.nio.file.Files
import java.util.concurrent.TimeUnit
import kotlin.time.Duration.Companion.minutes
import kotlinx.coroutines.flow.first

/**
 * A local cluster as the kit configures it (namespaces, addresses) and its per-process fault
 * controls. One cluster serves every test, in order.
 */
class OxiaClusterSpec :
    FunSpec({
        val protocol = RawProtocol.legacy
        val cluster = lazy {
            OxiaCluster.start(
                servers = 3,
                namespaces =
                    listOf(
                        OxiaNamespace("default"),
                        OxiaNamespace("quiet", initialShardCount = 1, notificationsEnabled = false),
                    ),
            )
        }
        afterSpec { if (cluster.isInitialized()) cluster.value.close() }

        test("every server serves every configured namespace, with the addresses of cluster.yaml")
            .config(timeout = 3.minutes) {
                val c = cluster.value
                val yaml = Files.readString(c.configFile)
                yaml shouldContain "notificationsEnabled: false"
                c.serviceAddress shouldBe c.publicAddresses.first()
                yaml.lines().first { "public:" in it }.substringAfter("public: ") shouldBe
                    c.serviceAddress
                for (address in c.publicAddresses) {
                    protocol.shards(address, "default") shouldHaveSize 3
                    val quiet = protocol.shards(address, "quiet").single()
                    c.publicAddresses shouldContain quiet.leader
                }
            }

        test("a paused server answers nothing until resumed; the others carry on without it")
            .config(timeout = 3.minutes) {
                val c = cluster.value
                val node = c.servers[1]
                node.pause()
                try {
                    node.isAlive shouldBe true
                    node.isPaused shouldBe true
                    shouldThrow<StatusException> { assignmentsWithin1s(node.publicAddress!!) }
                        .status
                        .code shouldBe Status.Code.DEADLINE_EXCEEDED
                    // Shards it led move to the other servers.
                    c.awaitReady()
                    (0L..2L).forEach { c.leaderOf("default", it) shouldNotBe node.publicAddress }
                } finally {
                    node.resume()
                }
                node.isPaused shouldBe false
                assignmentsWithin1s(node.publicAddress!!)
                c.awaitReady()
            }

        test("a killed server restarts on its ports and the cluster takes it back").config(
            timeout = 3.minutes
        ) {
            val c = cluster.value
            val node = c.servers[2]
            node.kill()
            node.isAlive shouldBe false
            Readiness.listening(node.publicAddress!!) shouldBe false
            node.restart()
            node.isAlive shouldBe true
            c.awaitReady()
            protocol.shards(node.publicAddress!!, "default") shouldHaveSize 3
        }

        test("after the coordinator restarts, every shard still takes writes").config(
            timeout = 3.minutes
        ) {
            val c = cluster.value
            c.coordinator.restart()
            c.coordinator.isAlive shouldBe true
            c.awaitReady()
            val shards = protocol.shards(c.serviceAddress, "default")
            for (key in listOf("/a", "/b", "/c", "/d")) {
                val shard = RawProtocol.shardFor(shards, key)
                protocol
                    .put(shard.leader, shard.shard, key, ByteString.copyFromUtf8(key))
                    .status shouldBe OxiaStatus.OK
            }
        }

        test("close stops every process and is idempotent").config(timeout = 3.minutes) {
            val c = cluster.value
            c.close()
            (c.servers + c.coordinator).none { it.isAlive } shouldBe true
            c.publicAddresses.none { Readiness.listening(it) } shouldBe true
            c.close()
        }
    })

private suspend fun assignmentsWithin1s(address: String) {
    val channel = Readiness.channel(address)
    try {
        OxiaClientGrpcKt.OxiaClientCoroutineStub(channel)
            .withDeadlineAfter(1, TimeUnit.SECONDS)
            .getShardAssignments(
                ShardAssignmentsRequest.newBuilder().setNamespace("default").build(),
                RawProtocol.headers("default"),
            )
            .first()
    } finally {
        channel.shutdownNow()
    }
}
