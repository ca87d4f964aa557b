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
        ofUtf8(routingKey.encodeToByteArray())

    /** The unsigned 32-bit hash of the routing key whose UTF-8 form is [utf8]. */
    fun ofUtf8(utf8: ByteArray): Long = xxh3.hashBytes(utf8) and MAX_HASH

    /**
     * The hash that places a record: that of [partitionKey] when there is one, else that of its
     * key, given as the UTF-8 form [keyUtf8] already made for the request.
     */
    fun ofRecord(keyUtf8: ByteArray, partitionKey: String?): Long =
        if (partitionKey == null) ofUtf8(keyUtf8) else of(partitionKey)

    /** The largest hash, `2^32 - 1`. */
    const val MAX_HASH: Long = 0xFFFF_FFFFL
}
