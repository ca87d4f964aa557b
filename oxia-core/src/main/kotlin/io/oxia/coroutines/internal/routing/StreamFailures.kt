package io.oxia.coroutines.internal.routing

import io.oxia.coroutines.internal.transport.RetryableException
import io.oxia.coroutines.internal.transport.RpcFailure
import io.oxia.coroutines.internal.transport.toOxiaException

/**
 * What a long-lived stream of [shardId] does with a failure: a retryable one is absorbed (noting
 * the new leader when the server named it) so that the stream reconnects after a backoff; anything
 * else is rethrown as the typed public error.
 */
internal fun ShardRpc.absorbRetryableFailure(shardId: Long, e: Exception, namespace: String) {
    checkOpen()
    val failure = if (e is RetryableException) e.failure else (RpcFailure.of(e) ?: throw e)
    if (failure != null && !failure.retryable) throw failure.toOxiaException(namespace)
    failure?.leaderHint?.let { noteLeaderHint(shardId, it) }
}
