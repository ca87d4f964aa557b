package io.oxia.coroutines

import io.oxia.coroutines.internal.validation.validateTimeout
import kotlin.time.Duration
import kotlin.time.toKotlinDuration

/**
 * Options of [OxiaClient.list] and [OxiaClient.rangeScan]. Kotlin callers use named arguments; Java
 * callers use [builder]. Invalid options fail where they are made, with [InvalidArgumentException]:
 * in this constructor and in [Builder.build].
 *
 * @property partitionKey read only the shard of this partition key; otherwise every shard is read
 *   and the results are merged in the namespace's key order.
 * @property secondaryIndexName the bounds apply to the secondary keys of this index, and the
 *   results are the records (primary keys) the secondary keys in range point to.
 * @property includeInternalKeys include Oxia's own `__oxia/` keys (servers v0.16+).
 * @property timeout the longest the flow waits for a shard's first answer, or its next one, instead
 *   of [OxiaClientConfig.requestTimeout]; it then fails with [OxiaTimeoutException]. The time the
 *   collector spends on the answers does not count. Positive; `null` (the default) takes the
 *   client's.
 */
public class RangeOptions(
    public val partitionKey: String? = null,
    public val secondaryIndexName: String? = null,
    public val includeInternalKeys: Boolean = false,
    public val timeout: Duration? = null,
) {
    init {
        validateTimeout(timeout)
    }

    override fun equals(other: Any?): Boolean =
        other is RangeOptions &&
            partitionKey == other.partitionKey &&
            secondaryIndexName == other.secondaryIndexName &&
            includeInternalKeys == other.includeInternalKeys &&
            timeout == other.timeout

    override fun hashCode(): Int =
        listOf(partitionKey, secondaryIndexName, includeInternalKeys, timeout).hashCode()

    override fun toString(): String =
        "RangeOptions(partitionKey=$partitionKey, secondaryIndexName=$secondaryIndexName, " +
            "includeInternalKeys=$includeInternalKeys, timeout=$timeout)"

    /** Builds [RangeOptions] step by step, for Java callers. */
    public class Builder internal constructor() {
        private var partitionKey: String? = null
        private var secondaryIndexName: String? = null
        private var includeInternalKeys = false
        private var timeout: Duration? = null

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

        /** See [RangeOptions.timeout]. */
        public fun timeout(timeout: java.time.Duration): Builder = apply {
            this.timeout = timeout.toKotlinDuration()
        }

        /** The options; fails with [InvalidArgumentException] when they are invalid. */
        public fun build(): RangeOptions =
            RangeOptions(partitionKey, secondaryIndexName, includeInternalKeys, timeout)
    }

    public companion object {
        /** Every shard, primary keys, no internal keys. */
        @JvmField public val DEFAULT: RangeOptions = RangeOptions()

        /** A new [Builder]. */
        @JvmStatic public fun builder(): Builder = Builder()
    }
}
