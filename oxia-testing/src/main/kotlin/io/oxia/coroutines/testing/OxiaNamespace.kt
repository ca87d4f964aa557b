package io.oxia.coroutines.testing

/**
 * A namespace of an [OxiaCluster]: its name, how many shards it starts with, how many copies of
 * each shard, and whether it publishes notifications.
 */
public class OxiaNamespace
@JvmOverloads
constructor(
    public val name: String,
    public val initialShardCount: Int = 3,
    public val replicationFactor: Int = 3,
    public val notificationsEnabled: Boolean = true,
) {
    init {
        require(name.isNotBlank()) { "namespace name must not be blank" }
        require(initialShardCount > 0) { "initialShardCount must be positive" }
        require(replicationFactor > 0) { "replicationFactor must be positive" }
    }

    override fun toString(): String =
        "OxiaNamespace($name, shards=$initialShardCount, rf=$replicationFactor, notifications=$notificationsEnabled)"
}
