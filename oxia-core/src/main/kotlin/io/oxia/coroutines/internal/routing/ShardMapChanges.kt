package io.oxia.coroutines.internal.routing

import io.oxia.coroutines.internal.logging.ClientLogs

/**
 * Logs at INFO what changed from the shard map [old] to [new] of [namespace]: shards that came and
 * went (a split) and each shard whose leader changed. Nothing for the first map or a map that only
 * repeats the last one.
 */
internal fun logShardMapChanges(old: ShardRouter?, new: ShardRouter, namespace: String) {
    val log = ClientLogs.shardMap
    if (old == null || !log.isInfoEnabled) return
    val before = old.shards.associateBy { it.id }
    val after = new.shards.associateBy { it.id }
    val gone = before.keys - after.keys
    val came = after.keys - before.keys
    if (gone.isNotEmpty() || came.isNotEmpty()) {
        log.info(
            "shard map of namespace {}: shards {} replaced by {} ({} shards)",
            namespace,
            gone.sorted(),
            came.sorted(),
            after.size,
        )
    }
    for ((id, shard) in after) {
        val was = before[id] ?: continue
        if (was.leader != shard.leader) {
            log.info(
                "shard {} of namespace {}: leader {} -> {}",
                id,
                namespace,
                was.leader.ifEmpty { "<none>" },
                shard.leader.ifEmpty { "<none, election under way>" },
            )
        }
    }
}
