package io.oxia.coroutines.recipes.java.internal

import io.oxia.coroutines.java.OxiaAsyncClient
import io.oxia.coroutines.java.internal.toPublisher
import java.util.concurrent.CompletableFuture
import java.util.concurrent.Executor
import java.util.concurrent.ForkJoinPool
import java.util.concurrent.RejectedExecutionException
import kotlinx.coroutines.CoroutineDispatcher
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.CoroutineStart
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.SupervisorJob
import kotlinx.coroutines.asCoroutineDispatcher
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.launch
import kotlinx.coroutines.withContext

/**
 * How the recipes' Java API runs their Kotlin calls, the way the Java client does: futures
 * complete, publishers signal, and users' functions run on [callbacks] (the client's callback
 * executor), never on a thread the client or a recipe needs.
 */
internal class JavaCalls(private val callbacks: Executor) {
    private val signals: CoroutineDispatcher = callbacks.asCoroutineDispatcher()

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

    /** [flow] as a publisher that signals on [callbacks]. */
    fun <T : Any> publisher(flow: Flow<T>): java.util.concurrent.Flow.Publisher<T> =
        flow.toPublisher(signals)

    /** Runs [block], a user's function, on [callbacks]. */
    suspend fun <T> onCallbacks(block: () -> T): T = withContext(signals) { block() }

    /** Runs [completion] on [callbacks]; on the common pool when [callbacks] refuses it. */
    private fun deliver(completion: Runnable) {
        try {
            callbacks.execute(completion)
        } catch (e: RejectedExecutionException) {
            ForkJoinPool.commonPool().execute(completion)
        }
    }

    companion object {
        // Only short steps run here (starting and finishing calls); user code runs on callbacks.
        private val calls = CoroutineScope(SupervisorJob() + Dispatchers.Default)

        /** The calls of the recipes made on [client]. */
        fun of(client: OxiaAsyncClient): JavaCalls = JavaCalls(client.callbackExecutor())
    }
}
