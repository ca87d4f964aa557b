package io.oxia.coroutines

/**
 * One entry of a secondary index attached to a record by [PutOptions.secondaryIndexes]: the record
 * can then be found through index [indexName] by [secondaryKey]. A record may have several keys in
 * the same index.
 */
public class SecondaryIndex(public val indexName: String, public val secondaryKey: String) {
    override fun equals(other: Any?): Boolean =
        other is SecondaryIndex &&
            indexName == other.indexName &&
            secondaryKey == other.secondaryKey

    override fun hashCode(): Int = 31 * indexName.hashCode() + secondaryKey.hashCode()

    override fun toString(): String = "SecondaryIndex($indexName=$secondaryKey)"
}
