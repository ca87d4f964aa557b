package io.oxia.coroutines

import io.oxia.coroutines.internal.validation.requireArgument
import io.oxia.coroutines.internal.validation.validateTimeout
import kotlin.time.Duration
import kotlin.time.toKotlinDuration

/**
 * Options of [OxiaClient.put]. Kotlin callers use named arguments; Java callers use [builder].
 * Invalid options fail where they are made, with [InvalidArgumentException]: in this constructor
 * and in [Builder.build], never later in the call.
 *
 * @property expectedVersionId write only if the record's current version id equals this one;
 *   [Version.KEY_NOT_EXISTS] (-1) writes only if the record does not exist. `null` writes
 *   unconditionally.
 * @property partitionKey route the record by this key instead of its own key, so that records
 *   sharing a partition key live on one shard. An empty partition key is valid.
 * @property sequenceKeyDeltas ask the server to generate the key: it appends one `-%020d` suffix
 *   per delta to the highest existing key with this prefix. Requires a [partitionKey], forbids
 *   [expectedVersionId], and the first delta must be positive.
 * @property secondaryIndexes secondary index entries to attach to the record.
 * @property ephemeral bind the record to the client's session on its shard: it disappears when the
 *   session ends.
 * @property timeout the longest this put may take, retries included, instead of
 *   [OxiaClientConfig.requestTimeout]; it then fails with [OxiaTimeoutException]. Positive; `null`
 *   (the default) takes the client's.
 */
public class PutOptions(
    public val expectedVersionId: Long? = null,
    public val partitionKey: String? = null,
    public val sequenceKeyDeltas: List<Long> = emptyList(),
    public val secondaryIndexes: List<SecondaryIndex> = emptyList(),
    public val ephemeral: Boolean = false,
    public val timeout: Duration? = null,
) {
    init {
        validateTimeout(timeout)
        expectedVersionId?.let {
            requireArgument(it >= Version.KEY_NOT_EXISTS) {
                "expectedVersionId must be a version id (>= 0) or Version.KEY_NOT_EXISTS (-1), was $it"
            }
        }
        if (sequenceKeyDeltas.isNotEmpty()) {
            requireArgument(partitionKey != null) { "sequenceKeyDeltas require a partitionKey" }
            requireArgument(expectedVersionId == null) {
                "sequenceKeyDeltas cannot be combined with expectedVersionId"
            }
            requireArgument(sequenceKeyDeltas[0] > 0) {
                "the first sequence key delta must be > 0, was ${sequenceKeyDeltas[0]}"
            }
            requireArgument(sequenceKeyDeltas.all { it >= 0 }) {
                "sequence key deltas must not be negative: $sequenceKeyDeltas"
            }
        }
    }

    override fun equals(other: Any?): Boolean =
        other is PutOptions &&
            expectedVersionId == other.expectedVersionId &&
            partitionKey == other.partitionKey &&
            sequenceKeyDeltas == other.sequenceKeyDeltas &&
            secondaryIndexes == other.secondaryIndexes &&
            ephemeral == other.ephemeral &&
            timeout == other.timeout

    override fun hashCode(): Int =
        listOf(
                expectedVersionId,
                partitionKey,
                sequenceKeyDeltas,
                secondaryIndexes,
                ephemeral,
                timeout,
            )
            .hashCode()

    override fun toString(): String =
        "PutOptions(expectedVersionId=$expectedVersionId, partitionKey=$partitionKey, " +
            "sequenceKeyDeltas=$sequenceKeyDeltas, secondaryIndexes=$secondaryIndexes, ephemeral=$ephemeral, timeout=$timeout)"

    /** Builds [PutOptions] step by step, for Java callers. */
    public class Builder internal constructor() {
        private var expectedVersionId: Long? = null
        private var partitionKey: String? = null
        private val sequenceKeyDeltas = mutableListOf<Long>()
        private val secondaryIndexes = mutableListOf<SecondaryIndex>()
        private var ephemeral = false
        private var timeout: Duration? = null

        /** See [PutOptions.expectedVersionId]. */
        public fun expectedVersionId(versionId: Long): Builder = apply {
            expectedVersionId = versionId
        }

        /** Write only if the record does not exist yet ([Version.KEY_NOT_EXISTS]). */
        public fun ifAbsent(): Builder = apply { expectedVersionId = Version.KEY_NOT_EXISTS }

        /** See [PutOptions.partitionKey]. */
        public fun partitionKey(partitionKey: String): Builder = apply {
            this.partitionKey = partitionKey
        }

        /** See [PutOptions.sequenceKeyDeltas]. */
        public fun sequenceKeyDeltas(vararg deltas: Long): Builder = apply {
            sequenceKeyDeltas.clear()
            sequenceKeyDeltas.addAll(deltas.toList())
        }

        /** Adds one entry to [PutOptions.secondaryIndexes]. */
        public fun secondaryIndex(indexName: String, secondaryKey: String): Builder = apply {
            secondaryIndexes += SecondaryIndex(indexName, secondaryKey)
        }

        /** See [PutOptions.ephemeral]. */
        public fun ephemeral(ephemeral: Boolean = true): Builder = apply {
            this.ephemeral = ephemeral
        }

        /** See [PutOptions.timeout]. */
        public fun timeout(timeout: java.time.Duration): Builder = apply {
            this.timeout = timeout.toKotlinDuration()
        }

        /** The options; fails with [InvalidArgumentException] when they are invalid or conflict. */
        public fun build(): PutOptions =
            PutOptions(
                expectedVersionId,
                partitionKey,
                sequenceKeyDeltas.toList(),
                secondaryIndexes.toList(),
                ephemeral,
                timeout,
            )
    }

    public companion object {
        /** No condition, no partition key, persistent. */
        @JvmField public val DEFAULT: PutOptions = PutOptions()

        /** A new [Builder]. */
        @JvmStatic public fun builder(): Builder = Builder()
    }
}
