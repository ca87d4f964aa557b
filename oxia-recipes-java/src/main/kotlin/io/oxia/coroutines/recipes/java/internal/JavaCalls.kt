package io.oxia.coroutines.recipes.java.internal

import io.oxia.coroutines.java.OxiaAsyncClient
import io.oxia.coroutines.java.internal.CallbackCalls
import java.util.concurrent.CompletableFuture
import java.util.concurrent.Executor
import java.util.concurrent.ForkJoinPool
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.withContext

/**
 * How the recipes' Java API runs their Kotlin calls, the way the Java client does (see
 * [CallbackCalls]): futures complete, publishers signal, and users' functions run on [callbacks]
 * (the client's callback executor), never on a thread the client or a recipe needs.
 */
internal class JavaCalls(callbacks: Executor) {
    private val calls = CallbackCalls(callbacks, ForkJoinPool.commonPool())

    /** See [CallbackCalls.future]. */
    fun <T> future(block: suspend () -> T): CompletableFuture<T> = calls.future(block)

    /** [flow] as a publisher that signals on [callbacks]. */
    fun <T : Any> publisher(flow: Flow<T>): java.util.concurrent.Flow.Publisher<T> =
        calls.publisher(flow)

    /** Runs [block], a user's function, on [callbacks]. */
    suspend fun <T> onCallbacks(block: () -> T): T = withContext(calls.signals) { block() }

    companion object {
        /** The calls of the recipes made on [client]. */
        fun of(client: OxiaAsyncClient): JavaCalls = JavaCalls(client.callbackExecutor())
    }
}
