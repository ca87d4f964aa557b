package io.oxia.coroutines

import io.oxia.coroutines.internal.validation.requireArgument
import io.oxia.coroutines.internal.validation.validateTimeout
import kotlin.time.Duration
import kotlin.time.toKotlinDuration

/**
 * Options of [OxiaClient.get]. Kotlin callers use named arguments; Java callers use [builder].
 * Invalid options fail where they are made, with [InvalidArgumentException]: in this constructor
 * and in [Builder.build], never later in the call.
 *
 * @property comparison how the requested key is matched; anything but [KeyComparison.EQUAL] without
 *   a [partitionKey] asks every shard and picks the answer in the namespace's key order.
 * @property includeValue read the value too; `false` reads only key and version.
 * @property partitionKey the partition key the record was written with; the lookup then asks one
 *   shard.
 * @property secondaryIndexName look the key up as a secondary key of this index; the result's
 *   [GetResult.key] is the primary key and [GetResult.secondaryIndexKey] the secondary key found.
 * @property timeout the longest this get may take, retries included, instead of
 *   [OxiaClientConfig.requestTimeout]; it then fails with [OxiaTimeoutException]. Positive; `null`
 *   (the default) takes the client's.
 */
public class GetOptions(
    public val comparison: KeyComparison = KeyComparison.EQUAL,
    public val includeValue: Boolean = true,
    public val partitionKey: String? = null,
    public val secondaryIndexName: String? = null,
    public val timeout: Duration? = null,
) {
    init {
        validateTimeout(timeout)
        secondaryIndexName?.let {
            requireArgument(it.isNotEmpty()) { "secondaryIndexName must not be empty" }
        }
    }

    override fun equals(other: Any?): Boolean =
        other is GetOptions &&
            comparison == other.comparison &&
            includeValue == other.includeValue &&
            partitionKey == other.partitionKey &&
            secondaryIndexName == other.secondaryIndexName &&
            timeout == other.timeout

    override fun hashCode(): Int =
        listOf(comparison, includeValue, partitionKey, secondaryIndexName, timeout).hashCode()

    override fun toString(): String =
        "GetOptions(comparison=$comparison, includeValue=$includeValue, partitionKey=$partitionKey, " +
            "secondaryIndexName=$secondaryIndexName, timeout=$timeout)"

    /** Builds [GetOptions] step by step, for Java callers. */
    public class Builder internal constructor() {
        private var comparison = KeyComparison.EQUAL
        private var includeValue = true
        private var partitionKey: String? = null
        private var secondaryIndexName: String? = null
        private var timeout: Duration? = null

        /** See [GetOptions.comparison]. */
        public fun comparison(comparison: KeyComparison): Builder = apply {
            this.comparison = comparison
        }

        /** See [GetOptions.includeValue]. */
        public fun includeValue(includeValue: Boolean): Builder = apply {
            this.includeValue = includeValue
        }

        /** See [GetOptions.partitionKey]. */
        public fun partitionKey(partitionKey: String): Builder = apply {
            this.partitionKey = partitionKey
        }

        /** See [GetOptions.secondaryIndexName]. */
        public fun secondaryIndexName(indexName: String): Builder = apply {
            secondaryIndexName = indexName
        }

        /** See [GetOptions.timeout]. */
        public fun timeout(timeout: java.time.Duration): Builder = apply {
            this.timeout = timeout.toKotlinDuration()
        }

        /** The options; fails with [InvalidArgumentException] when they are invalid. */
        public fun build(): GetOptions =
            GetOptions(comparison, includeValue, partitionKey, secondaryIndexName, timeout)
    }

    public companion object {
        /** Exact key, with value, routed by the key itself. */
        @JvmField public val DEFAULT: GetOptions = GetOptions()

        /** A new [Builder]. */
        @JvmStatic public fun builder(): Builder = Builder()
    }
}
