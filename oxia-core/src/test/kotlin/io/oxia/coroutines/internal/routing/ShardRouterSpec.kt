package io.oxia.coroutines.internal.routing

import io.kotest.assertions.throwables.shouldThrow
import io.kotest.assertions.withClue
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.nulls.shouldBeNull
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.oxia.coroutines.ServerException
import io.oxia.coroutines.proto.Int32HashRange
import io.oxia.coroutines.proto.NamespaceShardsAssignment
import io.oxia.coroutines.proto.ShardAssignment
import io.oxia.coroutines.proto.ShardKeyRouter
import java.util.Random

private const val MAX = RoutingHash.MAX_HASH

private fun assignment(
    id: Long,
    min: Long,
    max: Long,
    leader: String = "leader-$id:6648",
): ShardAssignment =
    ShardAssignment.newBuilder()
        .setShard(id)
        .setLeader(leader)
        // fixed32 on the wire: the upper half of the hash space arrives as negative Ints.
        .setInt32HashRange(
            Int32HashRange.newBuilder()
                .setMinHashInclusive(min.toInt())
                .setMaxHashInclusive(max.toInt())
        )
        .build()

private fun namespace(
    vararg shards: ShardAssignment,
    router: ShardKeyRouter = ShardKeyRouter.XXHASH3,
) =
    NamespaceShardsAssignment.newBuilder()
        .addAllAssignments(shards.toList())
        .setShardKeyRouter(router)
        .build()

/** The layout a standalone server generates for [n] shards. */
private fun standalone(n: Int): NamespaceShardsAssignment {
    val bucket = MAX / n + 1
    val shards =
        (0 until n).map { i ->
            val min = i * bucket
            assignment(i.toLong(), min, if (i == n - 1) MAX else min + bucket - 1)
        }
    return namespace(*shards.toTypedArray())
}

private fun shard(id: Long, min: Long, max: Long) =
    Shard(id, "leader-$id:6648", HashRange(min, max))

class ShardRouterSpec :
    FunSpec({
        for (n in listOf(1, 3, 7)) {
            test("a standalone layout with $n shard(s) covers the whole hash space, edge to edge") {
                val router = ShardRouter.of(standalone(n))
                router.shards.map { it.id } shouldBe (0L until n.toLong()).toList()
                router.shardForHash(0)!!.id shouldBe 0
                router.shardForHash(MAX)!!.id shouldBe n - 1L
                router.shards.last().range.maxInclusive shouldBe MAX
                router.shards.zipWithNext().forEach { (left, right) ->
                    right.range.minInclusive shouldBe left.range.maxInclusive + 1
                }
                for (shard in router.shards) {
                    router.shardForHash(shard.range.minInclusive) shouldBe shard
                    router.shardForHash(shard.range.maxInclusive) shouldBe shard
                }
            }

            test("with $n shard(s) every key goes to the shard whose range holds its hash") {
                val router = ShardRouter.of(standalone(n))
                repeat(500) {
                    val key = "key-$it"
                    val shard = router.shardFor(key)
                    (RoutingHash.of(key) in
                        shard.range.minInclusive..shard.range.maxInclusive) shouldBe true
                }
            }
        }

        test("the standalone layout with 3 shards has the server's exact boundaries") {
            ShardRouter.of(standalone(3)).shards.map { it.range } shouldBe
                listOf(
                    HashRange(0, 1431655765),
                    HashRange(1431655766, 2863311531),
                    HashRange(2863311532, MAX),
                )
        }

        test("known keys land on the shard of their hash") {
            val router = ShardRouter.of(standalone(3))
            router.shardFor("foo").id shouldBe 0 // 125730186
            router.shardFor("bar").id shouldBe 1 // 2687685474
            router.shardFor("baz").id shouldBe 0 // 862947621
        }

        test("shards are sorted by range start whatever the order of the assignments") {
            val router =
                ShardRouter.of(
                    namespace(
                        assignment(9, 2001, MAX),
                        assignment(4, 0, 1000),
                        assignment(5, 1001, 2000),
                    )
                )
            router.shards.map { it.id } shouldBe listOf(4L, 5L, 9L)
        }

        test("a hash in a gap of the shard map is reported, not routed elsewhere") {
            // "foo" hashes to 125730186.
            val router =
                ShardRouter.of(
                    namespace(assignment(0, 0, 100_000_000), assignment(1, 200_000_000, MAX))
                )
            router.shardForHash(150_000_000).shouldBeNull()
            router.shardForHash(100_000_000)!!.id shouldBe 0
            router.shardForHash(200_000_000)!!.id shouldBe 1
            val e = shouldThrow<NoShardForKeyException> { router.shardFor("foo") }
            e.hash shouldBe 125730186L
            e.routingKey shouldBe "foo"
        }

        test("hashes below the first shard or above the last one are gaps too") {
            val router = ShardRouter.of(namespace(assignment(0, 10, 20)))
            router.shardForHash(9).shouldBeNull()
            router.shardForHash(21).shouldBeNull()
            ShardRouter.of(namespace()).shardForHash(0).shouldBeNull()
        }

        test("during a split the children win over the parent they come from") {
            val half = MAX / 2
            val router =
                ShardRouter.of(
                    namespace(
                        assignment(0, 0, MAX),
                        assignment(1, 0, half),
                        assignment(2, half + 1, MAX),
                    )
                )
            router.shardFor("foo").id shouldBe 1
            router.shardFor("bar").id shouldBe 2
            router.shardForHash(half)!!.id shouldBe 1
            router.shardForHash(half + 1)!!.id shouldBe 2
            router.shards.size shouldBe 3
        }

        test("where only one child is listed yet, the parent keeps the rest of its range") {
            val router = ShardRouter.of(namespace(assignment(0, 0, 1000), assignment(7, 400, 600)))
            router.shardForHash(399)!!.id shouldBe 0
            router.shardForHash(400)!!.id shouldBe 7
            router.shardForHash(600)!!.id shouldBe 7
            router.shardForHash(601)!!.id shouldBe 0
            router.shardForHash(1000)!!.id shouldBe 0
        }

        test("overlapping layouts route every hash to the narrowest covering shard") {
            val random = Random(7)
            repeat(200) {
                val shards =
                    (0 until 1 + random.nextInt(6)).map { id ->
                        val a = random.nextInt(64).toLong()
                        val b = random.nextInt(64).toLong()
                        shard(id.toLong(), minOf(a, b), maxOf(a, b))
                    }
                val router = ShardRouter.of(shards)
                for (hash in 0L..64L) {
                    val expected =
                        shards
                            .filter { hash in it.range.minInclusive..it.range.maxInclusive }
                            .minWithOrNull(
                                compareBy<Shard> { it.range.size }.thenByDescending { it.id }
                            )
                    withClue({ "hash $hash in $shards" }) {
                        router.shardForHash(hash) shouldBe expected
                    }
                }
            }
        }

        test("shards are found by id") {
            val router = ShardRouter.of(standalone(3))
            router.shardById(2)!!.range.maxInclusive shouldBe MAX
            router.shardById(3).shouldBeNull()
        }

        test("a shard without a leader says so") {
            val router = ShardRouter.of(namespace(assignment(0, 0, MAX, leader = "")))
            router.shardById(0)!!.hasLeader shouldBe false
            ShardRouter.of(standalone(1)).shardById(0)!!.hasLeader shouldBe true
            ShardRouter.of(standalone(1)).shardById(0)!!.leader shouldBe "leader-0:6648"
        }

        test("an unset key router is read as XXH3") {
            ShardRouter.of(namespace(assignment(0, 0, MAX), router = ShardKeyRouter.UNKNOWN))
                .shardFor("foo")
                .id shouldBe 0
        }

        test("a key router this client does not know is rejected") {
            val unknown =
                NamespaceShardsAssignment.newBuilder()
                    .addAssignments(assignment(0, 0, MAX))
                    .setShardKeyRouterValue(7)
                    .build()
            shouldThrow<ServerException> { ShardRouter.of(unknown) }.message shouldContain
                "shard key router #7"
        }

        test("a shard without hash range boundaries is rejected") {
            val noRange =
                NamespaceShardsAssignment.newBuilder()
                    .addAssignments(ShardAssignment.newBuilder().setShard(3))
                    .build()
            shouldThrow<ServerException> { ShardRouter.of(noRange) }.message shouldContain "shard 3"
        }

        test("an inverted hash range is rejected") {
            shouldThrow<ServerException> { ShardRouter.of(namespace(assignment(0, 10, 5))) }
        }
    })
