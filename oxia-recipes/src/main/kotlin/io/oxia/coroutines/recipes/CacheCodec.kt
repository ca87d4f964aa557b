package io.oxia.coroutines.recipes

/**
 * How an [OxiaCache] turns its values into the bytes stored in Oxia, and back.
 *
 * [decode] runs on the cache's threads each time a record is read, and must not block; an exception
 * it throws is thrown by the cache call that needed the value. `decode(encode(v))` must equal `v`.
 *
 * @param T the type of the values.
 */
public interface CacheCodec<T : Any> {
    /** The bytes to store for [value]. */
    public fun encode(value: T): ByteArray

    /** The value stored as [bytes]. */
    public fun decode(bytes: ByteArray): T

    /** The codecs every cache can use. */
    public companion object {
        /** Values are the stored bytes themselves (the array is not copied). */
        @JvmField
        public val BYTES: CacheCodec<ByteArray> =
            object : CacheCodec<ByteArray> {
                override fun encode(value: ByteArray): ByteArray = value

                override fun decode(bytes: ByteArray): ByteArray = bytes

                override fun toString(): String = "CacheCodec.BYTES"
            }

        /** Values are strings stored as UTF-8. */
        @JvmField
        public val UTF8: CacheCodec<String> =
            object : CacheCodec<String> {
                override fun encode(value: String): ByteArray = value.encodeToByteArray()

                override fun decode(bytes: ByteArray): String = bytes.decodeToString()

                override fun toString(): String = "CacheCodec.UTF8"
            }
    }
}
