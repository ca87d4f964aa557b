package io.oxia.coroutines

/**
 * The root of every failure the client reports. It is unchecked; expected outcomes (a missing key,
 * a key that did not exist on delete) are values, not exceptions. When a gRPC status caused the
 * failure it is the [cause]. Cancellation is never wrapped: a cancelled caller sees its own
 * `CancellationException`.
 */
public abstract class OxiaException
internal constructor(message: String, cause: Throwable? = null) : RuntimeException(message, cause)

/** A conditional write found a version other than the expected one. */
public class UnexpectedVersionException
internal constructor(
    /** The key that was written or deleted. */
    public val key: String,
    /** The version id the write expected. */
    public val expectedVersionId: Long,
) : OxiaException("unexpected version of key '$key': expected version id $expectedVersionId")

/** A put that required the key to be absent ([Version.KEY_NOT_EXISTS]) found it present. */
public class KeyAlreadyExistsException
internal constructor(
    /** The key that already exists. */
    public val key: String
) : OxiaException("key '$key' already exists")

/**
 * The session an ephemeral record was bound to no longer exists on the server (it expired or was
 * closed).
 */
public class SessionNotFoundException
internal constructor(message: String, cause: Throwable? = null) : OxiaException(message, cause)

/** The operation did not complete within the client's request timeout (or the connect timeout). */
public class OxiaTimeoutException internal constructor(message: String, cause: Throwable? = null) :
    OxiaException(message, cause)

/**
 * The servers could not be reached, or kept refusing the operation with retryable errors until it
 * timed out.
 */
public class UnavailableException internal constructor(message: String, cause: Throwable? = null) :
    OxiaException(message, cause)

/**
 * A write was sent but its result was lost (the stream broke before the server answered): it may or
 * may not have been applied. The client does not retry it, so that a write is never applied twice
 * behind the caller's back; read the key to find out.
 */
public class OutcomeUnknownException
internal constructor(message: String, cause: Throwable? = null) : OxiaException(message, cause)

/** The server rejected the client's credentials, or the client is not allowed to do this. */
public class UnauthenticatedException
internal constructor(message: String, cause: Throwable? = null) : OxiaException(message, cause)

/**
 * A request was rejected before it was sent (bad key, conflicting options, oversized value) or by
 * the server.
 */
public class InvalidArgumentException
internal constructor(message: String, cause: Throwable? = null) : OxiaException(message, cause)

/** The namespace the client was configured with does not exist on the server. */
public class NamespaceNotFoundException
internal constructor(
    /** The namespace that was asked for. */
    public val namespace: String,
    cause: Throwable? = null,
) : OxiaException("namespace '$namespace' does not exist", cause)

/** The client was closed before or while the operation ran. */
public class ClientClosedException
internal constructor(message: String = "the Oxia client is closed") : OxiaException(message)

/**
 * The server failed in a way the client has no specific type for; the gRPC status is the [cause].
 */
public class ServerException internal constructor(message: String, cause: Throwable? = null) :
    OxiaException(message, cause)
