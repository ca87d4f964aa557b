package io.oxia.coroutines.admin

import io.oxia.coroutines.KeySorting

/**
 * A namespace's configuration, as given to [OxiaAdminClient.createNamespace] and reported back.
 * Immutable.
 */
public class NamespaceConfig
@JvmOverloads
constructor(
    /** The namespace's name. */
    public val name: String,
    /** The number of shards the namespace starts with (splits add more later). Positive. */
    public val initialShardCount: Int,
    /** How many data servers hold each shard. Positive, at most the number of data servers. */
    public val replicationFactor: Int,
    /** Whether the namespace keeps notifications; `null` leaves it to the server (enabled). */
    public val notificationsEnabled: Boolean? = null,
    /**
     * The namespace's key order: [KeySorting.HIERARCHICAL] (the default) or [KeySorting.NATURAL];
     * [KeySorting.SEGMENTED] is not a namespace setting. Data clients of the namespace must be
     * configured with the same order.
     */
    public val keySorting: KeySorting = KeySorting.HIERARCHICAL,
) {
    override fun equals(other: Any?): Boolean =
        other is NamespaceConfig &&
            name == other.name &&
            initialShardCount == other.initialShardCount &&
            replicationFactor == other.replicationFactor &&
            notificationsEnabled == other.notificationsEnabled &&
            keySorting == other.keySorting

    override fun hashCode(): Int =
        listOf(name, initialShardCount, replicationFactor, notificationsEnabled, keySorting)
            .hashCode()

    override fun toString(): String =
        "NamespaceConfig(name=$name, initialShardCount=$initialShardCount, " +
            "replicationFactor=$replicationFactor, notificationsEnabled=$notificationsEnabled, " +
            "keySorting=$keySorting)"
}

/** One shard of a namespace as the coordinator sees it. Immutable. */
public class ShardView
internal constructor(
    /** The shard's id, unique in the cluster. */
    public val id: Long,
    /** The coordinator's status of the shard: `SteadyState`, `Election`, `Deleting`, … */
    public val status: String,
    /** The shard's current term. */
    public val term: Long,
    /** The public address of the shard's leader, `null` while it has none. */
    public val leader: String?,
    /** The public addresses of the servers holding the shard. */
    public val ensemble: List<String>,
    /** The lowest key hash the shard holds. */
    public val hashRangeMin: Long,
    /** The highest key hash the shard holds, inclusive. */
    public val hashRangeMax: Long,
    /** Whether a split of (or into) this shard is under way. */
    public val splitting: Boolean,
) {
    override fun equals(other: Any?): Boolean =
        other is ShardView &&
            id == other.id &&
            status == other.status &&
            term == other.term &&
            leader == other.leader &&
            ensemble == other.ensemble &&
            hashRangeMin == other.hashRangeMin &&
            hashRangeMax == other.hashRangeMax &&
            splitting == other.splitting

    override fun hashCode(): Int =
        listOf(id, status, term, leader, ensemble, hashRangeMin, hashRangeMax, splitting).hashCode()

    override fun toString(): String =
        "ShardView(id=$id, status=$status, term=$term, leader=$leader, ensemble=$ensemble, " +
            "hashRange=[$hashRangeMin, $hashRangeMax], splitting=$splitting)"
}

/** A namespace's configuration and its current shards, ordered by id. Immutable. */
public class NamespaceView
internal constructor(
    /** The namespace's configuration. */
    public val config: NamespaceConfig,
    /** Its shards, in the order of their ids; empty until the coordinator has assigned them. */
    public val shards: List<ShardView>,
) {
    /** The namespace's name. */
    public val name: String
        get() = config.name

    override fun equals(other: Any?): Boolean =
        other is NamespaceView && config == other.config && shards == other.shards

    override fun hashCode(): Int = 31 * config.hashCode() + shards.hashCode()

    override fun toString(): String = "NamespaceView(config=$config, shards=$shards)"
}

/** The two shards a split made of its parent. Immutable. */
public class ShardSplit
internal constructor(
    /** The child holding the lower half of the parent's hash range. */
    public val leftChildShard: Long,
    /** The child holding the upper half. */
    public val rightChildShard: Long,
) {
    override fun equals(other: Any?): Boolean =
        other is ShardSplit &&
            leftChildShard == other.leftChildShard &&
            rightChildShard == other.rightChildShard

    override fun hashCode(): Int = 31 * leftChildShard.hashCode() + rightChildShard.hashCode()

    override fun toString(): String =
        "ShardSplit(leftChildShard=$leftChildShard, rightChildShard=$rightChildShard)"
}
