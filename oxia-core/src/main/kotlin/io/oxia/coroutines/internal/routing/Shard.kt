package io.oxia.coroutines.internal.routing

/**
 * One shard of a namespace as the latest assignments describe it: its [id], the `host:port` of its
 * [leader] and the hashes it owns. The leader is empty while an election runs.
 */
internal class Shard(val id: Long, val leader: String, val range: HashRange) {
    val hasLeader: Boolean
        get() = leader.isNotEmpty()

    override fun toString(): String =
        "Shard(id=$id, leader=${leader.ifEmpty { "<none>" }}, range=$range)"
}
