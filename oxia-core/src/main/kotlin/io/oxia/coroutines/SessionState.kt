package io.oxia.coroutines

/** The states a session goes through; see [SessionEvent]. */
public enum class SessionState {
    /** The session was created, at the first ephemeral put on its shard. */
    CREATED,

    /**
     * A session was created to replace one that expired: ephemeral records written before the
     * expiry are gone and were not restored.
     */
    RECREATED,

    /**
     * The server no longer knows the session (heartbeats did not reach it in time): its ephemeral
     * records were deleted. The next ephemeral put on the shard creates a new session.
     */
    EXPIRED,

    /**
     * The client closed the session, on [OxiaClient.shutdown]: its ephemeral records were deleted,
     * or, when the server could not be reached within 5 s, are deleted when the session times out.
     */
    CLOSED,
}
