package io.oxia.coroutines.internal.routing

import io.oxia.coroutines.ServerException
import io.oxia.coroutines.proto.NamespaceShardsAssignment
import io.oxia.coroutines.proto.ShardKeyRouter
import java.util.PriorityQueue

/**
 * The immutable routing table of one namespace, built from one assignments snapshot: which shard
 * owns the hash of a routing key. A new snapshot makes a new router; instances are safe to share
 * between threads.
 *
 * While a shard splits, a snapshot may list the parent next to its children, so ranges can overlap
 * for a while. A hash covered by several shards goes to the narrowest of them (the larger id on a
 * tie): the children, which are about to own the hashes, win over the parent that is going away.
 */
internal class ShardRouter private constructor(shards: List<Shard>) {
    /** Every shard of the namespace, sorted by the start of its range. */
    val shards: List<Shard> =
        shards.sortedWith(
            compareBy<Shard> { it.range.minInclusive }
                .thenBy { it.range.maxInclusive }
                .thenBy { it.id }
        )

    private val byId: Map<Long, Shard> = this.shards.associateBy { it.id }

    // Disjoint segments of the hash space, each owned by one shard: the shards themselves unless
    // ranges overlap.
    private val segmentStarts: LongArray
    private val segmentEnds: LongArray
    private val segmentOwners: Array<Shard>

    init {
        val segments =
            if (overlaps(this.shards)) narrowestOwnerSegments(this.shards)
            else this.shards.map { Segment(it.range.minInclusive, it.range.maxInclusive, it) }
        segmentStarts = LongArray(segments.size) { segments[it].start }
        segmentEnds = LongArray(segments.size) { segments[it].end }
        segmentOwners = Array(segments.size) { segments[it].owner }
    }

    /**
     * The shard that owns [routingKey]; throws [NoShardForKeyException] when no shard covers its
     * hash.
     */
    fun shardFor(routingKey: String): Shard = shardFor(routingKey, RoutingHash.of(routingKey))

    /**
     * The shard that owns [routingKey], whose [hash] the caller already has; throws
     * [NoShardForKeyException] when no shard covers it.
     */
    fun shardFor(routingKey: String, hash: Long): Shard =
        shardForHash(hash) ?: throw NoShardForKeyException(routingKey, hash)

    /** The shard that owns [hash], or `null` when the hash falls in a gap of the shard map. */
    fun shardForHash(hash: Long): Shard? {
        val found = segmentStarts.binarySearch(hash)
        // Otherwise the last segment starting before the hash is the only one that can cover it.
        val index = if (found >= 0) found else -found - 2
        if (index < 0 || hash > segmentEnds[index]) return null
        return segmentOwners[index]
    }

    /** The shard with [id], or `null` when this snapshot does not have it (any more). */
    fun shardById(id: Long): Shard? = byId[id]

    override fun toString(): String = "ShardRouter($shards)"

    private class Segment(val start: Long, var end: Long, val owner: Shard)

    companion object {
        /**
         * Builds the router of a namespace; fails with [ServerException] on a shard map this client
         * cannot route.
         */
        fun of(assignment: NamespaceShardsAssignment): ShardRouter {
            when (assignment.shardKeyRouter) {
                // UNKNOWN is what a server that does not set the field sends: XXH3 is the only
                // router there is.
                ShardKeyRouter.XXHASH3,
                ShardKeyRouter.UNKNOWN -> Unit
                else ->
                    throw ServerException(
                        "the namespace routes keys with shard key router #${assignment.shardKeyRouterValue}, " +
                            "which this client does not support (only XXHASH3)"
                    )
            }
            val shards =
                assignment.assignmentsList.map { shard ->
                    if (!shard.hasInt32HashRange()) {
                        throw ServerException(
                            "shard ${shard.shard} has no int32 hash range, the only boundaries this client supports"
                        )
                    }
                    val min = Integer.toUnsignedLong(shard.int32HashRange.minHashInclusive)
                    val max = Integer.toUnsignedLong(shard.int32HashRange.maxHashInclusive)
                    if (min > max) {
                        throw ServerException(
                            "shard ${shard.shard} has an inverted hash range [$min, $max]"
                        )
                    }
                    Shard(shard.shard, shard.leader, HashRange(min, max))
                }
            return of(shards)
        }

        /** Builds a router over [shards], in any order. */
        fun of(shards: List<Shard>): ShardRouter = ShardRouter(shards)

        private fun overlaps(sorted: List<Shard>): Boolean =
            (1 until sorted.size).any {
                sorted[it].range.minInclusive <= sorted[it - 1].range.maxInclusive
            }

        /**
         * Cuts the hash space at every range boundary and gives each piece to the narrowest shard
         * covering it.
         */
        private fun narrowestOwnerSegments(sorted: List<Shard>): List<Segment> {
            val boundaries =
                sorted
                    .flatMap { listOf(it.range.minInclusive, it.range.maxInclusive + 1) }
                    .distinct()
                    .sorted()
            val covering =
                PriorityQueue(compareBy<Shard> { it.range.size }.thenByDescending { it.id })
            val segments = ArrayList<Segment>()
            var next = 0
            for (i in 0 until boundaries.size - 1) {
                val start = boundaries[i]
                while (next < sorted.size && sorted[next].range.minInclusive == start) {
                    covering.add(sorted[next++])
                }
                // Shards that ended before this piece are dropped only once they reach the head;
                // only the head matters.
                while (covering.isNotEmpty() && covering.peek().range.maxInclusive < start) {
                    covering.poll()
                }
                val owner = covering.peek() ?: continue
                val end = boundaries[i + 1] - 1
                val last = segments.lastOrNull()
                if (last != null && last.owner === owner && last.end + 1 == start) last.end = end
                else segments.add(Segment(start, end, owner))
            }
            return segments
        }
    }
}

/**
 * No shard of the current map covers the hash of a routing key. This happens for a moment around a
 * shard split; the operation is retried with the next shard map.
 */
internal class NoShardForKeyException(val routingKey: String, val hash: Long) :
    RuntimeException("no shard covers hash $hash of routing key '$routingKey'")
