package io.oxia.coroutines.java

import java.util.concurrent.CompletableFuture
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.SupervisorJob
import kotlinx.coroutines.future.future

/**
 * Where the facade runs the futures of one-shot calls: a supervisor so that one failed call cancels
 * no other. A future's cancellation cancels its coroutine, and with it the operation.
 */
internal object FacadeScope {
    private val scope = CoroutineScope(SupervisorJob() + Dispatchers.Default)

    fun <T> future(block: suspend () -> T): CompletableFuture<T> = scope.future { block() }
}
