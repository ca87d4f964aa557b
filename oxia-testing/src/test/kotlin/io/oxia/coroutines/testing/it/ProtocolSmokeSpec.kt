package io.oxia.coroutines.testing.it

import com.google.protobuf.ByteString
import io.grpc.Status
import io.grpc.StatusException
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.assertions.withClue
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldHaveSize
import io.kotest.matchers.collections.shouldNotBeEmpty
import io.kotest.matchers.shouldBe
import io.oxia.coroutines.proto.Status as OxiaStatus
import io.oxia.coroutines.testing.OxiaBinary
import io.oxia.coroutines.testing.OxiaCluster
import io.oxia.coroutines.testing.OxiaStandalone
import io.oxia.coroutines.testing.it.RawProtocol.Companion.hashRange
import kotlin.time.Duration.Companion.minutes

/**
 * The raw client protocol against real servers started by the kit: read the shard map, route a key
 * by XXH3, put it over WriteStream to that shard's leader and read it back, through every service
 * name the server version serves (and UNIMPLEMENTED for the others).
 */
class ProtocolSmokeSpec :
    FunSpec({
        test("XXH3 routing hashes match Oxia's test vectors") {
            RawProtocol.routingHash("foo") shouldBe 125730186L
            RawProtocol.routingHash("bar") shouldBe 2687685474L
            RawProtocol.routingHash("baz") shouldBe 862947621L
        }

        test("a 3-shard standalone: shard map, put and read back through each service name").config(
            timeout = 2.minutes
        ) {
            OxiaStandalone.start(shards = 3).use { server ->
                exercise(server.serviceAddress, server.version)
            }
        }

        test("a 3-node cluster: shard map, put and read back through each service name").config(
            timeout = 3.minutes
        ) {
            OxiaCluster.start(servers = 3).use { cluster ->
                exercise(cluster.serviceAddress, cluster.version)
            }
        }
    })

private suspend fun exercise(address: String, version: String) {
    val served = OxiaBinary.serviceNames(version)
    served.shouldNotBeEmpty()
    val written = mutableSetOf<Long>()
    for (protocol in RawProtocol.all) {
        withClue("through $protocol on $version") {
            if (protocol.serviceName !in served) {
                shouldThrow<StatusException> { protocol.shards(address) }.status.code shouldBe
                    Status.Code.UNIMPLEMENTED
                return@withClue
            }
            val shards = protocol.shards(address)
            shards shouldHaveSize 3
            // The inclusive ranges tile the whole 32-bit hash space.
            val ranges = shards.map { it.hashRange() }.sortedBy { it.first }
            ranges.first().first shouldBe 0L
            ranges.last().last shouldBe 0xFFFFFFFFL
            ranges.zipWithNext().forEach { (a, b) -> b.first shouldBe a.last + 1 }

            val key = "/smoke/${protocol.serviceName}"
            val shard = RawProtocol.shardFor(shards, key)
            val value = ByteString.copyFromUtf8("hello through ${protocol.serviceName}")
            val put = protocol.put(shard.leader, shard.shard, key, value)
            put.status shouldBe OxiaStatus.OK
            if (written.add(shard.shard)) {
                // Version ids count puts per shard from 0: nothing (not even the kit's readiness
                // probe) wrote to this shard before.
                put.version.versionId shouldBe 0L
            }
            put.version.modificationsCount shouldBe 0L

            val got = protocol.get(shard.leader, shard.shard, key)
            got.status shouldBe OxiaStatus.OK
            got.value shouldBe value
            got.version.versionId shouldBe put.version.versionId
            got.version.modificationsCount shouldBe 0L
        }
    }
}
