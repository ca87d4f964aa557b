package io.oxia.coroutines.java

import java.util.concurrent.ExecutorService
import java.util.concurrent.Executors
import java.util.concurrent.ThreadFactory
import java.util.concurrent.atomic.AtomicInteger

/**
 * The default executor of futures' completions and publishers' signals: one pool for every client
 * of the JVM, of daemon threads named `oxia-callbacks-N`, that starts a thread whenever none is
 * idle and lets a thread go after 60 s idle.
 *
 * A pool that grows is the point: Java callbacks block (a `thenAccept` that joins another call, a
 * subscriber that writes to a database), and a blocked callback must delay no other. A fixed pool,
 * or `ForkJoinPool.commonPool()` (whose parallelism is the core count less one, a single thread on
 * two cores, and which the application's parallel streams share), is stalled by as many blocked
 * callbacks as it has threads. Callbacks that do not block reuse a few idle threads.
 */
internal object CallbackExecutor {
    val default: ExecutorService = Executors.newCachedThreadPool(CallbackThreads())

    private class CallbackThreads : ThreadFactory {
        private val count = AtomicInteger()

        override fun newThread(task: Runnable): Thread =
            Thread(task, "oxia-callbacks-${count.incrementAndGet()}").apply { isDaemon = true }
    }
}
