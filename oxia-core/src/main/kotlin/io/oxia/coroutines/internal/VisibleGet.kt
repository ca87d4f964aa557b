package io.oxia.coroutines.internal

import io.oxia.coroutines.GetResult
import io.oxia.coroutines.ServerException
import io.oxia.coroutines.internal.batching.PendingGet
import io.oxia.coroutines.internal.conversion.toGetResult
import io.oxia.coroutines.internal.validation.INTERNAL_KEY_PREFIX
import io.oxia.coroutines.proto.GetRequest
import io.oxia.coroutines.proto.GetResponse
import io.oxia.coroutines.proto.KeyComparisonType
import io.oxia.coroutines.proto.Status

/**
 * The record that [request] finds on [shardId], or `null`; [key] is the key the caller asked for.
 *
 * A floor/ceiling/lower/higher lookup can land on one of Oxia's own `__oxia/` keys, which servers
 * up to v0.14 do not hide. In hierarchical order they sort after every user key, so landing on one
 * means there is no user key in that direction. (v0.14 servers sort them among user keys but fail
 * when asked to read past them, so user keys that sort after `__oxia/` on such servers are not
 * found by these lookups.)
 */
internal suspend fun ShardBatchers.visibleGet(
    shardId: Long,
    key: String,
    request: GetRequest,
    deadline: Long,
): GetResult? {
    val exact =
        request.comparisonType == KeyComparisonType.EQUAL && !request.hasSecondaryIndexName()
    val found =
        reader(shardId)
            .execute(until(PendingGet(request), deadline))
            .foundOrNull(key, exact, request.includeValue) ?: return null
    // Only a floor/ceiling lookup by primary key can land on an internal key.
    return if (!exact && found.key.startsWith(INTERNAL_KEY_PREFIX)) null else found
}

private fun GetResponse.foundOrNull(
    requestedKey: String,
    exact: Boolean,
    valueRequested: Boolean,
): GetResult? =
    when (status) {
        Status.OK -> toGetResult(requestedKey, exact, valueRequested)
        Status.KEY_NOT_FOUND -> null
        else -> throw ServerException("get '$requestedKey' failed with status $status")
    }
