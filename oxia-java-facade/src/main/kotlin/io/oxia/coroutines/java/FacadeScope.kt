package io.oxia.coroutines.java

import io.oxia.coroutines.java.internal.CallbackCalls
import java.util.concurrent.CancellationException
import java.util.concurrent.CompletableFuture
import java.util.concurrent.Executor
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.runBlocking

/**
 * How one facade client runs the core's calls for Java: futures complete, and publishers signal, on
 * [callbacks], never on a thread the client needs (see [CallbackCalls]); the blocking client waits
 * on the caller's own thread.
 */
internal class FacadeScope(val callbacks: Executor) {
    private val calls = CallbackCalls(callbacks, CallbackExecutor.default)

    /** See [CallbackCalls.future]. */
    fun <T> future(block: suspend () -> T): CompletableFuture<T> = calls.future(block)

    /**
     * Runs [block] and waits for it on the caller's thread, which also runs its continuations:
     * failures are thrown as they are. An interrupt cancels the operation and throws
     * [CancellationException] with the interrupt flag set again.
     */
    fun <T> await(block: suspend () -> T): T =
        try {
            runBlocking { block() }
        } catch (e: InterruptedException) {
            Thread.currentThread().interrupt()
            throw CancellationException("interrupted while waiting for Oxia").apply { initCause(e) }
        }

    /** [flow] as a publisher that signals on [callbacks]. */
    fun <T : Any> publisher(flow: Flow<T>): java.util.concurrent.Flow.Publisher<T> =
        calls.publisher(flow)
}
