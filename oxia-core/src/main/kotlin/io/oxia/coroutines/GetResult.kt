package io.oxia.coroutines

/**
 * A record read from Oxia.
 *
 * @property key the record's primary key (for a floor/ceiling lookup or a secondary-index lookup,
 *   the key found).
 * @property value the record's value, or `null` when it was read without its value.
 * @property version the record's version.
 * @property secondaryIndexKey the secondary key that matched, for a lookup through a secondary
 *   index; else `null`.
 */
public class GetResult(
    public val key: String,
    public val value: ByteArray?,
    public val version: Version,
    public val secondaryIndexKey: String? = null,
) {
    /** The value decoded as UTF-8, or `null` when it was read without its value. */
    public val valueAsString: String?
        get() = value?.toString(Charsets.UTF_8)

    override fun equals(other: Any?): Boolean =
        other is GetResult &&
            key == other.key &&
            (value?.contentEquals(other.value) ?: (other.value == null)) &&
            version == other.version &&
            secondaryIndexKey == other.secondaryIndexKey

    override fun hashCode(): Int =
        listOf(key, value?.contentHashCode(), version, secondaryIndexKey).hashCode()

    override fun toString(): String =
        "GetResult(key=$key, value=${value?.size?.let { "$it bytes" }}, version=$version" +
            (secondaryIndexKey?.let { ", secondaryIndexKey=$it" } ?: "") +
            ")"
}
