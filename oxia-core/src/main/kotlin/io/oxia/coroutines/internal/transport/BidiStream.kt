package io.oxia.coroutines.internal.transport

/**
 * A bidirectional stream: [send] writes a request, and each answer goes to the handler given to
 * [start] on the transport's thread, in order. Not thread-safe: [start], [send] and [cancel] must
 * not run concurrently (one coroutine sends, and cancels only after its sending stopped).
 */
internal interface BidiStream<Q, A> {
    /** Starts the call; [onAnswer] throwing ends it with that exception (see [awaitEnd]). */
    suspend fun start(onAnswer: (A) -> Unit)

    /** Sends [request] without waiting. */
    fun send(request: Q)

    /**
     * Suspends until the server ends the stream.
     *
     * @throws io.grpc.StatusException when it ends with an error, or what the answer handler threw.
     */
    suspend fun awaitEnd()

    /**
     * Cancels the stream (nothing when it already ended) and waits until no answer can reach the
     * handler any more.
     */
    suspend fun cancel(reason: String)
}
