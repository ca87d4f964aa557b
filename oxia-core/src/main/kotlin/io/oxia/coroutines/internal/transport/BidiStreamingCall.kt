package io.oxia.coroutines.internal.transport

import io.grpc.CallOptions
import io.grpc.Channel
import io.grpc.ClientCall
import io.grpc.Metadata
import io.grpc.MethodDescriptor
import io.grpc.Status
import kotlinx.coroutines.CompletableDeferred

/**
 * A [BidiStream] through gRPC's callback API, started with the [headers] of [shardId]: each answer
 * goes to the handler on gRPC's executor. It costs no flow, channel or coroutine per message, which
 * matters for the write stream that carries every batch.
 *
 * Not thread-safe, as gRPC's `ClientCall`.
 */
internal class BidiStreamingCall<Q, A>(
    channel: Channel,
    method: MethodDescriptor<Q, A>,
    options: CallOptions,
    private val headers: CallHeaders,
    private val shardId: Long,
) : BidiStream<Q, A> {
    private val call = channel.newCall(method, options)
    // Fails when the server ends the call with an error or the handler throws.
    private val outcome = CompletableDeferred<Unit>()
    // Completes when gRPC has closed the call: no answer reaches the handler after that.
    private val closed = CompletableDeferred<Unit>()
    @Volatile private var handlerFailed = false
    private var started = false

    override suspend fun start(onAnswer: (A) -> Unit) {
        // Before the call is marked started: a token provider that fails leaves nothing to cancel.
        val metadata = headers.forShard(shardId)
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
            metadata,
        )
        call.request(1)
    }

    override fun send(request: Q) {
        call.sendMessage(request)
    }

    override suspend fun awaitEnd() {
        outcome.await()
    }

    // Waits until gRPC closed the call, so that no answer reaches the handler afterwards.
    override suspend fun cancel(reason: String) {
        call.cancel(reason, null)
        if (started) closed.join()
    }
}
