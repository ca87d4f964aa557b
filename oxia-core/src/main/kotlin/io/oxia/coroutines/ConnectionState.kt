package io.oxia.coroutines

/**
 * How well the client reaches the servers, as [OxiaClient.connectionState] tells it: its [status],
 * the shards whose write or notification streams are lost and being restored ([affectedShards]),
 * and whether the shard-map stream is ([shardMapLost]). Immutable.
 */
public class ConnectionState(
    /** The summary: ready, degraded or closed. */
    public val status: ConnectionStatus,
    /** The shards with a stream lost and not yet restored; empty unless [status] is degraded. */
    public val affectedShards: Set<Long> = emptySet(),
    /** Whether the stream that brings the shard map is lost and not yet restored. */
    public val shardMapLost: Boolean = false,
) {
    override fun equals(other: Any?): Boolean =
        other is ConnectionState &&
            status == other.status &&
            affectedShards == other.affectedShards &&
            shardMapLost == other.shardMapLost

    override fun hashCode(): Int = listOf(status, affectedShards, shardMapLost).hashCode()

    override fun toString(): String =
        "ConnectionState($status, affectedShards=$affectedShards, shardMapLost=$shardMapLost)"

    public companion object {
        /** Every stream the client uses is up. */
        @JvmField public val READY: ConnectionState = ConnectionState(ConnectionStatus.READY)

        /** The client is closed. */
        @JvmField public val CLOSED: ConnectionState = ConnectionState(ConnectionStatus.CLOSED)
    }
}

/** The summary of a [ConnectionState]. */
public enum class ConnectionStatus {
    /** Every stream the client uses is up (a client that has not used a shard yet counts it up). */
    READY,

    /**
     * A stream is lost and being restored: calls to the shards affected wait and retry within their
     * timeouts, others go on.
     */
    DEGRADED,

    /** The client is closed; the state does not change again. */
    CLOSED,
}
