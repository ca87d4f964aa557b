@file:JvmName("OxiaClientOperations")

package io.oxia.coroutines

import kotlin.time.Duration
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.toList

/**
 * Writes [value] under [key] with options as named arguments; see [OxiaClient.put] and
 * [PutOptions].
 */
public suspend fun OxiaClient.put(
    key: String,
    value: ByteArray,
    expectedVersionId: Long? = null,
    partitionKey: String? = null,
    sequenceKeyDeltas: List<Long> = emptyList(),
    secondaryIndexes: List<SecondaryIndex> = emptyList(),
    ephemeral: Boolean = false,
    timeout: Duration? = null,
): PutResult =
    put(
        key,
        value,
        PutOptions(
            expectedVersionId,
            partitionKey,
            sequenceKeyDeltas,
            secondaryIndexes,
            ephemeral,
            timeout,
        ),
    )

/** Writes [value], encoded as UTF-8, under [key]; see [OxiaClient.put] and [PutOptions]. */
public suspend fun OxiaClient.put(
    key: String,
    value: String,
    expectedVersionId: Long? = null,
    partitionKey: String? = null,
    sequenceKeyDeltas: List<Long> = emptyList(),
    secondaryIndexes: List<SecondaryIndex> = emptyList(),
    ephemeral: Boolean = false,
    timeout: Duration? = null,
): PutResult =
    put(
        key,
        value.toByteArray(),
        expectedVersionId,
        partitionKey,
        sequenceKeyDeltas,
        secondaryIndexes,
        ephemeral,
        timeout,
    )

/**
 * Reads the record matching [key], with options as named arguments; see [OxiaClient.get] and
 * [GetOptions].
 */
public suspend fun OxiaClient.get(
    key: String,
    comparison: KeyComparison = KeyComparison.EQUAL,
    includeValue: Boolean = true,
    partitionKey: String? = null,
    secondaryIndexName: String? = null,
    timeout: Duration? = null,
): GetResult? =
    get(key, GetOptions(comparison, includeValue, partitionKey, secondaryIndexName, timeout))

/** Deletes the record under [key], with options as named arguments; see [OxiaClient.delete]. */
public suspend fun OxiaClient.delete(
    key: String,
    expectedVersionId: Long? = null,
    partitionKey: String? = null,
    timeout: Duration? = null,
): Boolean = delete(key, DeleteOptions(expectedVersionId, partitionKey, timeout))

/**
 * The keys in [[startInclusive], [endExclusive]), options as named arguments; see
 * [OxiaClient.list].
 */
public fun OxiaClient.list(
    startInclusive: String,
    endExclusive: String,
    partitionKey: String? = null,
    secondaryIndexName: String? = null,
    includeInternalKeys: Boolean = false,
    timeout: Duration? = null,
): Flow<String> =
    list(
        startInclusive,
        endExclusive,
        RangeOptions(partitionKey, secondaryIndexName, includeInternalKeys, timeout),
    )

/**
 * The records in [[startInclusive], [endExclusive]), options as named arguments; see
 * [OxiaClient.rangeScan].
 */
public fun OxiaClient.rangeScan(
    startInclusive: String,
    endExclusive: String,
    partitionKey: String? = null,
    secondaryIndexName: String? = null,
    includeInternalKeys: Boolean = false,
    timeout: Duration? = null,
): Flow<GetResult> =
    rangeScan(
        startInclusive,
        endExclusive,
        RangeOptions(partitionKey, secondaryIndexName, includeInternalKeys, timeout),
    )

/** Collects [OxiaClient.list] into a list; for ranges known to be small. */
public suspend fun OxiaClient.listKeys(
    startInclusive: String,
    endExclusive: String,
    options: RangeOptions = RangeOptions.DEFAULT,
): List<String> = list(startInclusive, endExclusive, options).toList()

/** The changes made in the namespace; see [OxiaClient.notifications]. */
public fun OxiaClient.notifications(
    keyPrefix: String? = null,
    onEstablished: NotificationOptions.EstablishedListener? = null,
): Flow<Notification> = notifications(NotificationOptions(keyPrefix, onEstablished))

/** The highest sequence key under [prefixKey]; see [OxiaClient.sequenceUpdates]. */
public fun OxiaClient.sequenceUpdates(
    prefixKey: String,
    partitionKey: String,
    onEstablished: SequenceUpdateOptions.EstablishedListener?,
): Flow<String> = sequenceUpdates(prefixKey, partitionKey, SequenceUpdateOptions(onEstablished))

/** The changes of the client's sessions; see [OxiaClient.sessionEvents]. */
public fun OxiaClient.sessionEvents(
    onSubscribed: SessionEventOptions.SubscribedListener?
): Flow<SessionEvent> = sessionEvents(SessionEventOptions(onSubscribed))
