package io.oxia.coroutines.internal.transport

import io.grpc.CallOptions
import io.grpc.Channel
import io.grpc.ClientCall
import io.grpc.Metadata
import io.grpc.MethodDescriptor
import io.grpc.Status
import kotlin.coroutines.resume
import kotlin.coroutines.resumeWithException
import kotlinx.coroutines.suspendCancellableCoroutine

/**
 * Makes a server-streaming call through gRPC's callback API and suspends until the server ends it,
 * handing each answer to [onMessage] on gRPC's executor, in order. It costs no flow, channel or
 * coroutine per call, which matters for the many short Read calls of the get path. Cancelling the
 * caller cancels the call.
 *
 * @throws io.grpc.StatusException when the call fails.
 */
internal suspend fun <Q, A> serverStreamingCall(
    channel: Channel,
    method: MethodDescriptor<Q, A>,
    request: Q,
    options: CallOptions,
    headers: Metadata,
    onMessage: (A) -> Unit,
): Unit = suspendCancellableCoroutine { continuation ->
    val call = channel.newCall(method, options)
    call.start(
        object : ClientCall.Listener<A>() {
            override fun onMessage(message: A) {
                onMessage(message)
                call.request(1)
            }

            override fun onClose(status: Status, trailers: Metadata) {
                // Ignored when the caller was cancelled first.
                if (status.isOk) continuation.resume(Unit)
                else continuation.resumeWithException(status.asException(trailers))
            }
        },
        headers,
    )
    call.sendMessage(request)
    call.halfClose()
    call.request(1)
    // Registered last: ClientCall is not thread-safe, and a cancellation that came meanwhile runs
    // the handler at once, after the calls above.
    continuation.invokeOnCancellation { call.cancel("the caller was cancelled", it) }
}
