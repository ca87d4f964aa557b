package io.oxia.coroutines.internal.conversion

import io.oxia.coroutines.GetResult
import io.oxia.coroutines.KeyComparison
import io.oxia.coroutines.Version
import io.oxia.coroutines.proto.GetResponse
import io.oxia.coroutines.proto.KeyComparisonType
import io.oxia.coroutines.proto.Version as ProtoVersion

internal fun ProtoVersion.toVersion(): Version =
    Version(
        versionId = versionId,
        modificationsCount = modificationsCount,
        createdTimestamp = createdTimestamp,
        modifiedTimestamp = modifiedTimestamp,
        sessionId = if (hasSessionId()) sessionId else null,
        clientIdentity = if (hasClientIdentity()) clientIdentity else null,
    )

/**
 * The record in a found response; [requestedKey] stands in for servers that leave the key out of
 * exact matches, and for every [exact] match (a get by primary key), which saves decoding the key.
 * The server leaves an empty value out, so a response without one holds an empty value when the
 * value was [valueRequested].
 */
internal fun GetResponse.toGetResult(
    requestedKey: String,
    exact: Boolean = false,
    valueRequested: Boolean = true,
): GetResult =
    GetResult(
        key = if (exact || !hasKey()) requestedKey else key,
        value =
            when {
                hasValue() -> value.toByteArray()
                valueRequested -> EMPTY_VALUE
                else -> null
            },
        version = version.toVersion(),
        secondaryIndexKey = if (hasSecondaryIndexKey()) secondaryIndexKey else null,
    )

internal fun KeyComparison.toProto(): KeyComparisonType =
    when (this) {
        KeyComparison.EQUAL -> KeyComparisonType.EQUAL
        KeyComparison.FLOOR -> KeyComparisonType.FLOOR
        KeyComparison.CEILING -> KeyComparisonType.CEILING
        KeyComparison.LOWER -> KeyComparisonType.LOWER
        KeyComparison.HIGHER -> KeyComparisonType.HIGHER
    }

// Shared: an empty array has nothing a caller could change.
private val EMPTY_VALUE = ByteArray(0)
