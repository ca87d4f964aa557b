package io.oxia.coroutines.internal.transport

import io.grpc.CallOptions
import io.grpc.Channel
import io.grpc.ClientCall
import io.grpc.Metadata
import io.grpc.MethodDescriptor
import io.grpc.Status
import kotlinx.coroutines.CompletableDeferred

/**
 * A bidirectional streaming call through gRPC's callback API: [send] writes a request, and each
 * answer goes to the handler given to [start] on gRPC's executor, in order. It costs no flow,
 * channel or coroutine per message, which matters for the write stream that carries every batch.
 *
 * Not thread-safe, as gRPC's `ClientCall`: [start], [send] and [cancel] must not run concurrently
 * (one coroutine sends, and cancels only after its sending stopped).
 */
internal class BidiStreamingCall<Q, A>(
    channel: Channel,
    method: MethodDescriptor<Q, A>,
    options: CallOptions,
) {
    private val call = channel.newCall(method, options)
    // Fails when the server ends the call with an error or the handler throws.
    private val outcome = CompletableDeferred<Unit>()
    // Completes when gRPC has closed the call: no answer reaches the handler after that.
    private val closed = CompletableDeferred<Unit>()
    @Volatile private var handlerFailed = false
    private var started = false

    /** Starts the call; [onAnswer] throwing ends it with that exception (see [awaitEnd]). */
    fun start(headers: Metadata, onAnswer: (A) -> Unit) {
        started = true
        call.start(
            object : ClientCall.Listener<A>() {
                override fun onMessage(message: A) {
                    if (handlerFailed) return
                    try {
                        onAnswer(message)
                    } catch (e: Throwable) {
                        handlerFailed = true
                        outcome.completeExceptionally(e)
                        return
                    }
                    call.request(1)
                }

                override fun onClose(status: Status, trailers: Metadata) {
                    if (status.isOk) outcome.complete(Unit)
                    else outcome.completeExceptionally(status.asException(trailers))
                    closed.complete(Unit)
                }
            },
            headers,
        )
        call.request(1)
    }

    fun send(request: Q) {
        call.sendMessage(request)
    }

    /**
     * Suspends until the server ends the call.
     *
     * @throws io.grpc.StatusException when it ends with an error, or what the answer handler threw.
     */
    suspend fun awaitEnd() {
        outcome.await()
    }

    /**
     * Cancels the call (nothing when it already ended) and waits until gRPC closed it, so that no
     * answer reaches the handler afterwards.
     */
    suspend fun cancel(reason: String) {
        call.cancel(reason, null)
        if (started) closed.join()
    }
}
