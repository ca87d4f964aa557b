package io.oxia.coroutines

/**
 * The outcome of a successful [OxiaClient.put].
 *
 * @property key the key actually written; differs from the requested key for sequence keys, where
 *   the server appends the generated suffix.
 * @property version the version the record now has.
 */
public class PutResult(public val key: String, public val version: Version) {
    override fun equals(other: Any?): Boolean =
        other is PutResult && key == other.key && version == other.version

    override fun hashCode(): Int = 31 * key.hashCode() + version.hashCode()

    override fun toString(): String = "PutResult(key=$key, version=$version)"
}
