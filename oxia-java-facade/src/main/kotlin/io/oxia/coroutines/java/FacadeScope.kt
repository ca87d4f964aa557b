package io.oxia.coroutines.java

import io.oxia.coroutines.java.internal.toPublisher
import java.util.concurrent.CancellationException
import java.util.concurrent.CompletableFuture
import java.util.concurrent.Executor
import java.util.concurrent.RejectedExecutionException
import kotlinx.coroutines.CoroutineDispatcher
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.CoroutineStart
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.SupervisorJob
import kotlinx.coroutines.asCoroutineDispatcher
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking

/**
 * How one facade client runs the core's calls for Java: futures complete, and publishers signal, on
 * [callbacks], never on a thread the client needs, so that callbacks that block cannot stall the
 * client or its timeouts.
 *
 * `thenAccept` and the other non-`Async` stages of a `CompletableFuture` run on the thread that
 * completes it; completing on [callbacks] is what keeps users' code off the client's threads.
 */
internal class FacadeScope(val callbacks: Executor) {
    /** Where publishers' signals are delivered. */
    val signals: CoroutineDispatcher = callbacks.asCoroutineDispatcher()

    /**
     * A future of [block], started at once on the caller's thread. Cancelling the future cancels
     * the coroutine, and with it the operation.
     */
    fun <T> future(block: suspend () -> T): CompletableFuture<T> {
        val result = CompletableFuture<T>()
        val job =
            calls.launch(start = CoroutineStart.UNDISPATCHED) {
                val outcome = runCatching { block() }
                deliver { outcome.fold(result::complete, result::completeExceptionally) }
            }
        result.whenComplete { _, _ -> if (result.isCancelled) job.cancel() }
        return result
    }

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
        flow.toPublisher(signals)

    /** Runs [completion] on [callbacks]; on the default pool when [callbacks] refuses it. */
    private fun deliver(completion: Runnable) {
        try {
            callbacks.execute(completion)
        } catch (e: RejectedExecutionException) {
            CallbackExecutor.default.execute(completion)
        }
    }

    private companion object {
        // Only the facade's own short steps run here (starting and finishing calls); user code runs
        // on the callback executor.
        val calls = CoroutineScope(SupervisorJob() + Dispatchers.Default)
    }
}
