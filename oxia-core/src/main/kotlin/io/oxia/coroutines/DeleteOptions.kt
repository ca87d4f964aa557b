package io.oxia.coroutines

import io.oxia.coroutines.internal.validation.requireArgument

/**
 * Options of [OxiaClient.delete]. Kotlin callers use named arguments; Java callers use [builder].
 *
 * @property expectedVersionId delete only if the record's current version id equals this one.
 * @property partitionKey the partition key the record was written with.
 */
public class DeleteOptions(
    public val expectedVersionId: Long? = null,
    public val partitionKey: String? = null,
) {
    init {
        expectedVersionId?.let {
            requireArgument(it >= 0) { "expectedVersionId of a delete must be >= 0, was $it" }
        }
    }

    override fun equals(other: Any?): Boolean =
        other is DeleteOptions &&
            expectedVersionId == other.expectedVersionId &&
            partitionKey == other.partitionKey

    override fun hashCode(): Int = 31 * expectedVersionId.hashCode() + partitionKey.hashCode()

    override fun toString(): String =
        "DeleteOptions(expectedVersionId=$expectedVersionId, partitionKey=$partitionKey)"

    /** Builds [DeleteOptions] step by step, for Java callers. */
    public class Builder internal constructor() {
        private var expectedVersionId: Long? = null
        private var partitionKey: String? = null

        /** See [DeleteOptions.expectedVersionId]. */
        public fun expectedVersionId(versionId: Long): Builder = apply {
            expectedVersionId = versionId
        }

        /** See [DeleteOptions.partitionKey]. */
        public fun partitionKey(partitionKey: String): Builder = apply {
            this.partitionKey = partitionKey
        }

        /** The options; fails with [InvalidArgumentException] when they are invalid. */
        public fun build(): DeleteOptions = DeleteOptions(expectedVersionId, partitionKey)
    }

    public companion object {
        /** Unconditional, routed by the key itself. */
        @JvmField public val DEFAULT: DeleteOptions = DeleteOptions()

        /** A new [Builder]. */
        @JvmStatic public fun builder(): Builder = Builder()
    }
}
