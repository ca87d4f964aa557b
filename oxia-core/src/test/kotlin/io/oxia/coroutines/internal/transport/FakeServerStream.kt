package io.oxia.coroutines.internal.transport

import io.grpc.Status
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.channels.Channel

/**
 * One server-streaming call of a [FakeTransport], made to [address] for [shardId] with [request]:
 * the spec [answer]s it, [fail]s it or [end]s it; [cancelled] completes when its caller gave up.
 */
internal class FakeServerStream<A>(
    val address: String,
    val shardId: Long?,
    val request: Any? = null,
) {
    private val answers = Channel<A>(Channel.UNLIMITED)

    /** Completes when the caller cancelled the call. */
    val cancelled = CompletableDeferred<Unit>()

    fun answer(message: A) {
        answers.trySend(message).getOrThrow()
    }

    /** Ends the call with [status] and [description], as a server error. */
    fun fail(status: Status, description: String? = null) {
        answers.close(status.withDescription(description).asException())
    }

    /** Ends the call with [failure] as it is. */
    fun fail(failure: Throwable) {
        answers.close(failure)
    }

    /** Ends the call cleanly. */
    fun end() {
        answers.close()
    }

    /** Hands each answer to [onAnswer] until the spec ends the call. */
    suspend fun serve(onAnswer: suspend (A) -> Unit) {
        try {
            for (message in answers) onAnswer(message)
        } catch (e: kotlinx.coroutines.CancellationException) {
            cancelled.complete(Unit)
            throw e
        }
    }
}
