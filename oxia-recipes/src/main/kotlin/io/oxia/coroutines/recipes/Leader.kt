package io.oxia.coroutines.recipes

/**
 * The current leader of an [OxiaElection], as observers see it.
 *
 * @property key the key of the leader's record.
 * @property value the value the leader campaigned with.
 * @property fencingToken the leader's fencing token (see [Lease.fencingToken]).
 */
public class Leader
internal constructor(
    public val key: String,
    public val value: ByteArray,
    public val fencingToken: Long,
) {
    /** [value] decoded as UTF-8. */
    public val valueAsString: String
        get() = value.decodeToString()

    override fun equals(other: Any?): Boolean =
        other is Leader &&
            key == other.key &&
            value.contentEquals(other.value) &&
            fencingToken == other.fencingToken

    override fun hashCode(): Int = 31 * key.hashCode() + fencingToken.hashCode()

    override fun toString(): String =
        "Leader(key=$key, value=${value.size} bytes, fencingToken=$fencingToken)"
}
