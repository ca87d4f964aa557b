package io.oxia.coroutines

/**
 * Options of [OxiaClient.list] and [OxiaClient.rangeScan]. Kotlin callers use named arguments; Java
 * callers use [builder].
 *
 * @property partitionKey read only the shard of this partition key; otherwise every shard is read
 *   and the results are merged in the namespace's key order.
 * @property secondaryIndexName the bounds apply to the secondary keys of this index, and the
 *   results are the records (primary keys) the secondary keys in range point to.
 * @property includeInternalKeys include Oxia's own `__oxia/` keys (servers v0.16+).
 */
public class RangeOptions(
    public val partitionKey: String? = null,
    public val secondaryIndexName: String? = null,
    public val includeInternalKeys: Boolean = false,
) {
    override fun equals(other: Any?): Boolean =
        other is RangeOptions &&
            partitionKey == other.partitionKey &&
            secondaryIndexName == other.secondaryIndexName &&
            includeInternalKeys == other.includeInternalKeys

    override fun hashCode(): Int =
        listOf(partitionKey, secondaryIndexName, includeInternalKeys).hashCode()

    override fun toString(): String =
        "RangeOptions(partitionKey=$partitionKey, secondaryIndexName=$secondaryIndexName, " +
            "includeInternalKeys=$includeInternalKeys)"

    /** Builds [RangeOptions] step by step, for Java callers. */
    public class Builder internal constructor() {
        private var partitionKey: String? = null
        private var secondaryIndexName: String? = null
        private var includeInternalKeys = false

        /** See [RangeOptions.partitionKey]. */
        public fun partitionKey(partitionKey: String): Builder = apply {
            this.partitionKey = partitionKey
        }

        /** See [RangeOptions.secondaryIndexName]. */
        public fun secondaryIndexName(indexName: String): Builder = apply {
            secondaryIndexName = indexName
        }

        /** See [RangeOptions.includeInternalKeys]. */
        public fun includeInternalKeys(include: Boolean): Builder = apply {
            includeInternalKeys = include
        }

        /** The options. */
        public fun build(): RangeOptions =
            RangeOptions(partitionKey, secondaryIndexName, includeInternalKeys)
    }

    public companion object {
        /** Every shard, primary keys, no internal keys. */
        @JvmField public val DEFAULT: RangeOptions = RangeOptions()

        /** A new [Builder]. */
        @JvmStatic public fun builder(): Builder = Builder()
    }
}
