package io.oxia.coroutines.internal.transport

import io.grpc.Status
import io.oxia.coroutines.proto.WriteRequest
import io.oxia.coroutines.proto.WriteResponse
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.channels.Channel

/**
 * One write stream of a [FakeTransport] to [address] for [shardId]: the spec reads what was [sent],
 * answers it in order with [answer], or ends the stream with [fail] or [end].
 */
internal class FakeWriteStream(val address: String, val shardId: Long) :
    BidiStream<WriteRequest, WriteResponse> {
    /** The requests sent on the stream, in order. */
    val sent = Channel<WriteRequest>(Channel.UNLIMITED)
    private val ended = CompletableDeferred<Unit>()
    @Volatile private var onAnswer: ((WriteResponse) -> Unit)? = null

    /** Whether the writer cancelled the stream. */
    @Volatile
    var cancelled = false
        private set

    override suspend fun start(onAnswer: (WriteResponse) -> Unit) {
        this.onAnswer = onAnswer
    }

    override fun send(request: WriteRequest) {
        sent.trySend(request).getOrThrow()
    }

    override suspend fun awaitEnd() {
        ended.await()
    }

    override suspend fun cancel(reason: String) {
        cancelled = true
        ended.complete(Unit)
    }

    /** Answers the oldest unanswered request, as the server's network thread would. */
    fun answer(response: WriteResponse) {
        try {
            onAnswer!!(response)
        } catch (e: Throwable) {
            ended.completeExceptionally(e)
        }
    }

    /** Ends the stream with [status] and [description], as a server error. */
    fun fail(status: Status, description: String? = null) {
        ended.completeExceptionally(status.withDescription(description).asException())
    }

    /** Ends the stream with [failure] as it is. */
    fun fail(failure: Throwable) {
        ended.completeExceptionally(failure)
    }

    /** Ends the stream cleanly, as a server closing it. */
    fun end() {
        ended.complete(Unit)
    }
}
