package io.oxia.coroutines

/**
 * Something that happened to the client's view of the cluster, as [OxiaClient.clientEvents] tells
 * it: what ([type]), on which [shard] (`null` when none), with which [server] (`null` when none),
 * and a [detail] for people (the failure that lost a stream, the old and new leader). Immutable.
 */
public class ClientEvent(
    /** What happened. */
    public val type: ClientEventType,
    /** The shard concerned, or `null` (the shard map as a whole, the shard-map stream). */
    public val shard: Long?,
    /** The server concerned (`host:port`), or `null`. */
    public val server: String?,
    /** A description for people; its wording may change between releases. */
    public val detail: String,
) {
    override fun equals(other: Any?): Boolean =
        other is ClientEvent &&
            type == other.type &&
            shard == other.shard &&
            server == other.server &&
            detail == other.detail

    override fun hashCode(): Int = listOf(type, shard, server, detail).hashCode()

    override fun toString(): String = "ClientEvent($type, shard=$shard, server=$server, $detail)"
}

/** The kinds of [ClientEvent]. */
public enum class ClientEventType {
    /** Shards came and went (a split); [ClientEvent.detail] names them. */
    SHARD_MAP_UPDATED,

    /** A shard has a new leader, [ClientEvent.server] (the old one is in the detail). */
    LEADER_CHANGED,

    /**
     * A stream was lost (the shard-map stream when [ClientEvent.shard] is `null`, else the shard's
     * write or notification stream) and is being restored; once per incident, not per retry.
     */
    STREAM_LOST,

    /** A lost stream is back, at [ClientEvent.server]. */
    STREAM_RESTORED,

    /** The session of [ClientEvent.shard] expired: its ephemeral records are gone. */
    SESSION_EXPIRED,

    /** A new session replaced an expired one on [ClientEvent.shard]. */
    SESSION_RECREATED,
}
