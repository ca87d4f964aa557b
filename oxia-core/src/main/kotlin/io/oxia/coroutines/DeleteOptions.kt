package io.oxia.coroutines

import io.oxia.coroutines.internal.validation.requireArgument
import io.oxia.coroutines.internal.validation.validateTimeout
import kotlin.time.Duration
import kotlin.time.toKotlinDuration

/**
 * Options of [OxiaClient.delete]. Kotlin callers use named arguments; Java callers use [builder].
 * Invalid options fail where they are made, with [InvalidArgumentException]: in this constructor
 * and in [Builder.build], never later in the call.
 *
 * @property expectedVersionId delete only if the record's current version id equals this one.
 * @property partitionKey the partition key the record was written with.
 * @property timeout the longest this delete may take, retries included, instead of
 *   [OxiaClientConfig.requestTimeout]; it then fails with [OxiaTimeoutException]. Positive; `null`
 *   (the default) takes the client's.
 */
public class DeleteOptions(
    public val expectedVersionId: Long? = null,
    public val partitionKey: String? = null,
    public val timeout: Duration? = null,
) {
    init {
        validateTimeout(timeout)
        expectedVersionId?.let {
            requireArgument(it >= 0) { "expectedVersionId of a delete must be >= 0, was $it" }
        }
    }

    override fun equals(other: Any?): Boolean =
        other is DeleteOptions &&
            expectedVersionId == other.expectedVersionId &&
            partitionKey == other.partitionKey &&
            timeout == other.timeout

    override fun hashCode(): Int = listOf(expectedVersionId, partitionKey, timeout).hashCode()

    override fun toString(): String =
        "DeleteOptions(expectedVersionId=$expectedVersionId, partitionKey=$partitionKey, timeout=$timeout)"

    /** Builds [DeleteOptions] step by step, for Java callers. */
    public class Builder internal constructor() {
        private var expectedVersionId: Long? = null
        private var partitionKey: String? = null
        private var timeout: Duration? = null

        /** See [DeleteOptions.expectedVersionId]. */
        public fun expectedVersionId(versionId: Long): Builder = apply {
            expectedVersionId = versionId
        }

        /** See [DeleteOptions.partitionKey]. */
        public fun partitionKey(partitionKey: String): Builder = apply {
            this.partitionKey = partitionKey
        }

        /** See [DeleteOptions.timeout]. */
        public fun timeout(timeout: java.time.Duration): Builder = apply {
            this.timeout = timeout.toKotlinDuration()
        }

        /** The options; fails with [InvalidArgumentException] when they are invalid. */
        public fun build(): DeleteOptions = DeleteOptions(expectedVersionId, partitionKey, timeout)
    }

    public companion object {
        /** Unconditional, routed by the key itself. */
        @JvmField public val DEFAULT: DeleteOptions = DeleteOptions()

        /** A new [Builder]. */
        @JvmStatic public fun builder(): Builder = Builder()
    }
}
