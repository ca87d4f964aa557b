package io.oxia.coroutines.internal.routing

/**
 * A range of unsigned 32-bit routing hashes, both ends inclusive, as a shard assignment carries it.
 * The ends are `Long`s so that the upper half of the hash space stays positive.
 */
internal class HashRange(val minInclusive: Long, val maxInclusive: Long) {
    init {
        require(
            minInclusive in 0..RoutingHash.MAX_HASH && maxInclusive in 0..RoutingHash.MAX_HASH
        ) {
            "hash range [$minInclusive, $maxInclusive] leaves the unsigned 32-bit space"
        }
        require(minInclusive <= maxInclusive) {
            "hash range [$minInclusive, $maxInclusive] is empty"
        }
    }

    /** How many hashes the range covers. */
    val size: Long
        get() = maxInclusive - minInclusive + 1

    override fun equals(other: Any?): Boolean =
        other is HashRange &&
            other.minInclusive == minInclusive &&
            other.maxInclusive == maxInclusive

    override fun hashCode(): Int = 31 * minInclusive.hashCode() + maxInclusive.hashCode()

    override fun toString(): String = "[$minInclusive, $maxInclusive]"
}
