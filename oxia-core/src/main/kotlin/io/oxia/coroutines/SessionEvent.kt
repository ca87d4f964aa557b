package io.oxia.coroutines

/**
 * A change of the client's session on one shard. Ephemeral records live as long as the session of
 * the shard they were written to; an [SessionState.EXPIRED] event means those records are gone.
 *
 * @property shard the shard the session belongs to (sessions are per shard).
 * @property sessionId the server's id of the session.
 * @property state what happened.
 */
public class SessionEvent(
    public val shard: Long,
    public val sessionId: Long,
    public val state: SessionState,
) {
    override fun equals(other: Any?): Boolean =
        other is SessionEvent &&
            shard == other.shard &&
            sessionId == other.sessionId &&
            state == other.state

    override fun hashCode(): Int = listOf(shard, sessionId, state).hashCode()

    override fun toString(): String =
        "SessionEvent(shard=$shard, sessionId=$sessionId, state=$state)"
}
