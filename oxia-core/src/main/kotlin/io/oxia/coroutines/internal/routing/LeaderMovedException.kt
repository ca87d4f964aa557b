package io.oxia.coroutines.internal.routing

import io.oxia.coroutines.internal.transport.RetryableException

/**
 * A newer shard map named another leader for [shardId] (or dropped the shard) while a call to
 * [from] ran: the call was given up and may be made again on the new leader at once, since no
 * backoff makes an election finish sooner than the map that announces it.
 */
internal class LeaderMovedException(val shardId: Long, val from: String) :
    RetryableException("the leader of shard $shardId moved away from $from")
