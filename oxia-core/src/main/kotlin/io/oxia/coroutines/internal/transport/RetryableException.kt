package io.oxia.coroutines.internal.transport

/**
 * An attempt failed in a way that allows another one: the operation is routed again (using
 * [leaderHint] when the server named the new leader) after a backoff, within the request timeout.
 * Never escapes to callers.
 */
internal class RetryableException(message: String, val failure: RpcFailure? = null) :
    RuntimeException(message, failure?.cause) {
    val leaderHint: String?
        get() = failure?.leaderHint
}
