package io.oxia.coroutines.recipes

/**
 * A record of an [OxiaCache]: the decoded value of [key] at [versionId].
 *
 * Two cached values are equal when key, version and value are.
 *
 * @property key the record's key.
 * @property value the record's value, decoded by the cache's codec.
 * @property versionId the record's version id; it grows with every write of the key, so a higher
 *   one is a newer state.
 */
public class CachedValue<T : Any>
internal constructor(public val key: String, public val value: T, public val versionId: Long) {
    override fun equals(other: Any?): Boolean =
        other is CachedValue<*> &&
            key == other.key &&
            versionId == other.versionId &&
            valueEquals(value, other.value)

    override fun hashCode(): Int = 31 * key.hashCode() + versionId.hashCode()

    override fun toString(): String = "CachedValue(key=$key, versionId=$versionId)"
}

private fun valueEquals(a: Any, b: Any): Boolean =
    if (a is ByteArray && b is ByteArray) a.contentEquals(b) else a == b
