package io.oxia.coroutines.internal.transport

/**
 * What a failed call means for the client, decoded from either server error style: canonical gRPC
 * codes with an `oxia.io` ErrorInfo (servers v0.17+) or the custom numeric codes of earlier
 * servers, which gRPC Java reports as UNKNOWN and which are therefore recognised by their `oxia: …`
 * message.
 */
internal enum class OxiaErrorKind(val retryable: Boolean) {
    /** The server is not (or no longer) the shard's leader. */
    NOT_LEADER(true),
    /** The server or shard is still starting, closing or between terms. */
    NOT_READY(true),
    /** The connection was lost or could not be made. */
    CONNECTION(true),
    /** The shard does not exist (any more), for example after a split: route again. */
    SHARD_NOT_FOUND(true),
    SESSION_NOT_FOUND(false),
    NAMESPACE_NOT_FOUND(false),
    NOTIFICATIONS_NOT_ENABLED(false),
    INVALID_ARGUMENT(false),
    /**
     * The server does not know itself by the address the client dialled (v0.16+ check the HTTP/2
     * authority against the addresses the cluster advertises).
     */
    UNKNOWN_AUTHORITY(false),
    UNAUTHENTICATED(false),
    UNIMPLEMENTED(false),
    OTHER(false),
}
