package io.oxia.coroutines.internal.transport

/**
 * An attempt failed in a way that allows another one: the operation is routed again after a
 * backoff, within the request timeout; at once when the server named the new leader (the
 * [failure]'s leader hint) and the operation has not followed a hint yet. Never escapes to callers.
 */
internal open class RetryableException(message: String, val failure: RpcFailure? = null) :
    RuntimeException(message, failure?.cause)

/**
 * This failure as the cause of a public exception: types internal to the client (a
 * [RetryableException], a routing gap) never reach users, so the first failure below them that is
 * not internal stands in for them, typically the gRPC status; `null` when there is none. Callers
 * put the internal failure's message in the public exception's own.
 */
internal fun Throwable.publicCause(): Throwable? =
    generateSequence(this) { it.cause }.firstOrNull { !it.javaClass.name.startsWith(INTERNAL) }

private const val INTERNAL = "io.oxia.coroutines.internal."
