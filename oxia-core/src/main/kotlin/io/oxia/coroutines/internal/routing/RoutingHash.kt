package io.oxia.coroutines.internal.routing

import net.openhft.hashing.LongHashFunction

/**
 * The hash Oxia places keys with: XXH3-64 (seed 0) of the routing key's UTF-8 bytes, truncated to
 * its low 32 bits and read as an unsigned number. The result lies in `0..2^32-1`, the space of
 * [HashRange].
 */
internal object RoutingHash {
    private val xxh3 = LongHashFunction.xx3()

    /** The unsigned 32-bit hash of [routingKey], in a `Long`. */
    fun of(routingKey: String): Long =
        // The library hashes Strings only as UTF-16, so the UTF-8 form has to be materialized.
        xxh3.hashBytes(routingKey.encodeToByteArray()) and MAX_HASH

    /** The largest hash, `2^32 - 1`. */
    const val MAX_HASH: Long = 0xFFFF_FFFFL
}
