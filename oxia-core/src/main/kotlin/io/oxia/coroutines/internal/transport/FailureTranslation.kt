package io.oxia.coroutines.internal.transport

import io.oxia.coroutines.InvalidArgumentException
import io.oxia.coroutines.NamespaceNotFoundException
import io.oxia.coroutines.NotificationsDisabledException
import io.oxia.coroutines.OxiaException
import io.oxia.coroutines.ServerException
import io.oxia.coroutines.SessionNotFoundException
import io.oxia.coroutines.UnauthenticatedException
import io.oxia.coroutines.UnavailableException

/** The public exception a caller sees for a call that failed with this [RpcFailure]. */
internal fun RpcFailure.toOxiaException(namespace: String): OxiaException {
    val detail = "${status.code}${status.description?.let { ": $it" } ?: ""}"
    return when (kind) {
        OxiaErrorKind.NOT_LEADER,
        OxiaErrorKind.NOT_READY,
        OxiaErrorKind.CONNECTION,
        OxiaErrorKind.SHARD_NOT_FOUND -> UnavailableException("Oxia is unavailable: $detail", cause)
        OxiaErrorKind.SESSION_NOT_FOUND ->
            SessionNotFoundException("the session does not exist: $detail", cause)
        OxiaErrorKind.NAMESPACE_NOT_FOUND -> NamespaceNotFoundException(namespace, cause)
        OxiaErrorKind.INVALID_ARGUMENT ->
            InvalidArgumentException("the server rejected the request: $detail", cause)
        OxiaErrorKind.UNKNOWN_AUTHORITY ->
            InvalidArgumentException(
                "the server does not answer to the address the client dialled ($detail); " +
                    "connect with an address the cluster advertises for its servers",
                cause,
            )
        OxiaErrorKind.UNAUTHENTICATED ->
            UnauthenticatedException(
                tlsRefusal(cause)?.let { "the TLS handshake failed: $it" }
                    ?: "the server refused the client's credentials: $detail",
                cause,
            )
        OxiaErrorKind.NOTIFICATIONS_NOT_ENABLED -> NotificationsDisabledException(namespace, cause)
        OxiaErrorKind.UNIMPLEMENTED,
        OxiaErrorKind.OTHER -> ServerException("the server failed the request: $detail", cause)
    }
}
