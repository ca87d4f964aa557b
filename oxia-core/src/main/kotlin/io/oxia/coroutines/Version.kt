package io.oxia.coroutines

/**
 * The version of a stored record, as the server assigned it.
 *
 * @property versionId a per-shard counter: each successful put on the shard takes the next value.
 * @property modificationsCount 0 when the record was created, incremented by each overwrite.
 * @property createdTimestamp when the record was created, in milliseconds since the epoch (server
 *   clock).
 * @property modifiedTimestamp when the record was last written, in milliseconds since the epoch
 *   (server clock).
 * @property sessionId the session an ephemeral record is bound to, or `null` for a persistent
 *   record.
 * @property clientIdentity the identity of the client that wrote an ephemeral record, or `null`.
 */
public class Version(
    public val versionId: Long,
    public val modificationsCount: Long,
    public val createdTimestamp: Long,
    public val modifiedTimestamp: Long,
    public val sessionId: Long?,
    public val clientIdentity: String?,
) {
    /** `true` when the record is bound to a session and disappears with it. */
    public val isEphemeral: Boolean
        get() = sessionId != null

    override fun equals(other: Any?): Boolean =
        other is Version &&
            versionId == other.versionId &&
            modificationsCount == other.modificationsCount &&
            createdTimestamp == other.createdTimestamp &&
            modifiedTimestamp == other.modifiedTimestamp &&
            sessionId == other.sessionId &&
            clientIdentity == other.clientIdentity

    override fun hashCode(): Int =
        listOf(
                versionId,
                modificationsCount,
                createdTimestamp,
                modifiedTimestamp,
                sessionId,
                clientIdentity,
            )
            .hashCode()

    override fun toString(): String =
        "Version(versionId=$versionId, modificationsCount=$modificationsCount, " +
            "createdTimestamp=$createdTimestamp, modifiedTimestamp=$modifiedTimestamp, " +
            "sessionId=$sessionId, clientIdentity=$clientIdentity)"

    public companion object {
        /**
         * The expected version id that means "the record must not exist yet"; use it with
         * [PutOptions.expectedVersionId] to create a record only if it is absent.
         */
        public const val KEY_NOT_EXISTS: Long = -1L
    }
}
