package io.oxia.coroutines.testing

/**
 * A namespace of an [OxiaCluster], as the kit writes it into `cluster.yaml`. Immutable.
 *
 * @throws IllegalArgumentException when [name] is blank or a count is not positive.
 */
public class OxiaNamespace
@JvmOverloads
constructor(
    /** The namespace name clients pass in the `namespace` header. */
    public val name: String,
    /** How many shards the namespace starts with. */
    public val initialShardCount: Int = 3,
    /** How many data servers hold a copy of each shard; at most the cluster's server count. */
    public val replicationFactor: Int = 3,
    /** Whether the namespace keeps a notification log that clients can stream. */
    public val notificationsEnabled: Boolean = true,
) {
    init {
        require(name.isNotBlank()) { "namespace name must not be blank" }
        require(initialShardCount > 0) { "initialShardCount must be positive" }
        require(replicationFactor > 0) { "replicationFactor must be positive" }
    }

    override fun equals(other: Any?): Boolean =
        other is OxiaNamespace &&
            name == other.name &&
            initialShardCount == other.initialShardCount &&
            replicationFactor == other.replicationFactor &&
            notificationsEnabled == other.notificationsEnabled

    override fun hashCode(): Int =
        listOf(name, initialShardCount, replicationFactor, notificationsEnabled).hashCode()

    override fun toString(): String =
        "OxiaNamespace($name, shards=$initialShardCount, rf=$replicationFactor, notifications=$notificationsEnabled)"
}
