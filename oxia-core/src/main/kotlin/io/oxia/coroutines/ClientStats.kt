package io.oxia.coroutines

/**
 * A snapshot of the client's work, as [OxiaClient.stats] takes it: cheap to take, consistent only
 * field by field. Immutable.
 */
public class ClientStats(
    /** Operations sent or queued and not yet answered, failed or timed out. */
    public val pendingOperations: Int,
    /** Per shard that has written: write batches sent and not yet answered. */
    public val batchesInFlight: Map<Long, Int>,
    /** Per shard with a session: the session's id. */
    public val sessions: Map<Long, Long>,
    /** Attempts to restore a lost stream that failed, since the client was made. */
    public val reconnectAttempts: Long,
    /** Collections of [OxiaClient.notifications] and [OxiaClient.sequenceUpdates] under way. */
    public val openSubscriptions: Int,
) {
    override fun equals(other: Any?): Boolean =
        other is ClientStats &&
            pendingOperations == other.pendingOperations &&
            batchesInFlight == other.batchesInFlight &&
            sessions == other.sessions &&
            reconnectAttempts == other.reconnectAttempts &&
            openSubscriptions == other.openSubscriptions

    override fun hashCode(): Int =
        listOf(pendingOperations, batchesInFlight, sessions, reconnectAttempts, openSubscriptions)
            .hashCode()

    override fun toString(): String =
        "ClientStats(pendingOperations=$pendingOperations, batchesInFlight=$batchesInFlight, " +
            "sessions=$sessions, reconnectAttempts=$reconnectAttempts, " +
            "openSubscriptions=$openSubscriptions)"
}
