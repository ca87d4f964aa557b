package io.oxia.coroutines.internal.routing

import io.oxia.coroutines.internal.transport.RetryableException
import io.oxia.coroutines.internal.transport.RpcFailure
import io.oxia.coroutines.internal.transport.toOxiaException

/**
 * The one decision on a failed call to the leader of [shardId]: a failure that another attempt may
 * cure comes back as a [RetryableException] (and the new leader, when the server named it, is
 * noted, so that the next attempt goes there); anything else is thrown, as the typed public error
 * for a server's answer, or as it is when it is no gRPC failure at all. [what] names the call in
 * the message, e.g. "read from shard 3".
 */
internal fun ShardRpc.retryableOrThrow(
    shardId: Long,
    e: Exception,
    namespace: String,
    what: String,
): RetryableException {
    if (e is RetryableException) {
        e.failure?.leaderHint?.let { noteLeaderHint(shardId, it) }
        return e
    }
    val failure = RpcFailure.of(e) ?: throw e
    if (!failure.retryable) throw failure.toOxiaException(namespace)
    failure.leaderHint?.let { noteLeaderHint(shardId, it) }
    return RetryableException("$what failed: $failure", failure)
}

/**
 * What a long-lived stream of [shardId] does with a failure: a retryable one is absorbed, so that
 * the stream reconnects after a backoff; anything else is rethrown (see [retryableOrThrow]).
 */
internal fun ShardRpc.absorbRetryableFailure(shardId: Long, e: Exception, namespace: String) {
    checkOpen()
    retryableOrThrow(shardId, e, namespace, "the stream of shard $shardId")
}
