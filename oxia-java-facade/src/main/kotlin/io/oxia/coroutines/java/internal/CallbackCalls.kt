package io.oxia.coroutines.java.internal

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

/**
 * Runs Kotlin calls for Java callers: futures complete, and publishers signal, on [callbacks],
 * never on a thread the client needs, so that callbacks that block cannot stall the client or its
 * timeouts; on [fallback] when [callbacks] refuses a completion. Shared by the Java client and the
 * recipes' Java API; not part of the public API.
 *
 * `thenAccept` and the other non-`Async` stages of a `CompletableFuture` run on the thread that
 * completes it; completing on [callbacks] is what keeps users' code off the client's threads.
 */
public class CallbackCalls(public val callbacks: Executor, private val fallback: Executor) {
    /** Where publishers' signals are delivered. */
    public val signals: CoroutineDispatcher = callbacks.asCoroutineDispatcher()

    /**
     * A future of [block], started at once on the caller's thread. Cancelling the future cancels
     * the coroutine, and with it the operation.
     */
    public fun <T> future(block: suspend () -> T): CompletableFuture<T> {
        val result = CompletableFuture<T>()
        val job =
            calls.launch(start = CoroutineStart.UNDISPATCHED) {
                val outcome = runCatching { block() }
                deliver { outcome.fold(result::complete, result::completeExceptionally) }
            }
        result.whenComplete { _, _ -> if (result.isCancelled) job.cancel() }
        return result
    }

    /** [flow] as a publisher that signals on [callbacks]. */
    public fun <T : Any> publisher(flow: Flow<T>): java.util.concurrent.Flow.Publisher<T> =
        flow.toPublisher(signals)

    private fun deliver(completion: Runnable) {
        try {
            callbacks.execute(completion)
        } catch (e: RejectedExecutionException) {
            fallback.execute(completion)
        }
    }

    private companion object {
        // Only short steps run here (starting and finishing calls); user code runs on callbacks.
        val calls = CoroutineScope(SupervisorJob() + Dispatchers.Default)
    }
}
