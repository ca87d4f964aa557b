package io.oxia.coroutines

/**
 * The root of every failure the client reports. It is unchecked; expected outcomes (a missing key,
 * a key that did not exist on delete) are values, not exceptions. When a gRPC status caused the
 * failure it is the [cause]; no type internal to the client ever appears in the cause chain.
 * Cancellation is never wrapped: a cancelled caller sees its own `CancellationException`.
 *
 * Every concrete kind has a public constructor, so that fakes of [OxiaClient] in users' tests can
 * throw what the client throws.
 */
public abstract class OxiaException
internal constructor(message: String, cause: Throwable? = null) : RuntimeException(message, cause) {
    /**
     * Whether another attempt of the same call may succeed: the failure was transient (a timeout,
     * servers unavailable, an expired session that the next call replaces, a write whose answer was
     * lost). `false` when the same call would fail the same way (a version or existence check, a
     * bad argument, refused credentials, a missing namespace, a closed client, an unclassified
     * server failure).
     *
     * It says nothing about whether the failed attempt was applied: a write that failed with
     * [OutcomeUnknownException] or [OxiaTimeoutException] may have been. Repeat such a write only
     * when applying it twice is harmless; a conditional write repeated may fail its check because
     * the first attempt was applied.
     */
    public open val isRetryable: Boolean
        get() = false
}

/** A conditional write found a version other than the expected one. Not retryable. */
public class UnexpectedVersionException(
    /** The key that was written or deleted. */
    public val key: String,
    /** The version id the write expected. */
    public val expectedVersionId: Long,
) : OxiaException("unexpected version of key '$key': expected version id $expectedVersionId")

/**
 * A put that required the key to be absent ([Version.KEY_NOT_EXISTS]) found it present. Not
 * retryable.
 */
public class KeyAlreadyExistsException(
    /** The key that already exists. */
    public val key: String
) : OxiaException("key '$key' already exists")

/**
 * The session an ephemeral record was bound to no longer exists on the server (it expired or was
 * closed). Retryable: the next ephemeral put on the shard opens a new session.
 */
public class SessionNotFoundException
@JvmOverloads
constructor(message: String, cause: Throwable? = null) : OxiaException(message, cause) {
    override val isRetryable: Boolean
        get() = true
}

/**
 * The operation did not complete within the client's request timeout (or the connect timeout).
 * Retryable; a write that timed out after it was sent may have been applied.
 */
public class OxiaTimeoutException
@JvmOverloads
constructor(message: String, cause: Throwable? = null) : OxiaException(message, cause) {
    override val isRetryable: Boolean
        get() = true
}

/**
 * The servers could not be reached, or kept refusing the operation with retryable errors until it
 * timed out. Retryable.
 */
public class UnavailableException
@JvmOverloads
constructor(message: String, cause: Throwable? = null) : OxiaException(message, cause) {
    override val isRetryable: Boolean
        get() = true
}

/**
 * A write was sent but its result was lost (the stream broke before the server answered): it may or
 * may not have been applied. The client does not retry it, so that a write is never applied twice
 * behind the caller's back; read the key to find out.
 *
 * Retryable in the sense of [OxiaException.isRetryable]: the failure was transient and another
 * attempt may succeed. Whether repeating the write is right is the caller's call: harmless for an
 * unconditional put of the same value, not for a sequence put (which would append twice); a
 * conditional write repeated fails its check when the first attempt was applied.
 */
public class OutcomeUnknownException
@JvmOverloads
constructor(message: String, cause: Throwable? = null) : OxiaException(message, cause) {
    override val isRetryable: Boolean
        get() = true
}

/**
 * The server rejected the client's credentials, or the client is not allowed to do this. Not
 * retryable: another attempt succeeds only with other credentials (a refreshing token provider is
 * asked again for every call).
 */
public class UnauthenticatedException
@JvmOverloads
constructor(message: String, cause: Throwable? = null) : OxiaException(message, cause)

/**
 * A request was rejected before it was sent (bad key, conflicting options, oversized value) or by
 * the server. Not retryable.
 */
public class InvalidArgumentException
@JvmOverloads
constructor(message: String, cause: Throwable? = null) : OxiaException(message, cause)

/** The namespace the client was configured with does not exist on the server. Not retryable. */
public class NamespaceNotFoundException
@JvmOverloads
constructor(
    /** The namespace that was asked for. */
    public val namespace: String,
    cause: Throwable? = null,
) : OxiaException("namespace '$namespace' does not exist", cause)

/**
 * The namespace does not keep a notification log (its `notificationsEnabled` is `false`), so a
 * [OxiaClient.notifications] stream cannot be served. Not retryable: enable notifications on the
 * namespace (for example with the admin client) and subscribe again.
 */
public class NotificationsDisabledException
@JvmOverloads
constructor(
    /** The namespace whose notifications were asked for. */
    public val namespace: String,
    cause: Throwable? = null,
) : OxiaException("notifications are not enabled on namespace '$namespace'", cause)

/** The client was closed before or while the operation ran. Not retryable. */
public class ClientClosedException
@JvmOverloads
constructor(message: String = "the Oxia client is closed") : OxiaException(message)

/**
 * The server failed in a way the client has no specific type for; the gRPC status is the [cause].
 * Not retryable: the client has no reason to expect another attempt to go differently.
 */
public class ServerException @JvmOverloads constructor(message: String, cause: Throwable? = null) :
    OxiaException(message, cause)
