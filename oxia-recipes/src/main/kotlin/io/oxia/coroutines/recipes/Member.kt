package io.oxia.coroutines.recipes

/**
 * One member of an [OxiaMembership] group, as observers see it.
 *
 * Two members are equal when they have the same [id] and the same [metadata] bytes.
 *
 * @property id the id the member joined with.
 * @property metadata the bytes the member joined with.
 */
public class Member internal constructor(public val id: String, public val metadata: ByteArray) {
    /** [metadata] decoded as UTF-8. */
    public val metadataAsString: String
        get() = metadata.decodeToString()

    override fun equals(other: Any?): Boolean =
        other is Member && id == other.id && metadata.contentEquals(other.metadata)

    override fun hashCode(): Int = 31 * id.hashCode() + metadata.contentHashCode()

    override fun toString(): String = "Member(id=$id, metadata=${metadata.size} bytes)"
}
