package io.oxia.coroutines.internal

import java.util.concurrent.ScheduledThreadPoolExecutor
import java.util.concurrent.ThreadFactory
import java.util.concurrent.TimeUnit
import java.util.concurrent.atomic.AtomicInteger
import kotlinx.coroutines.CoroutineDispatcher
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.asCoroutineDispatcher
import kotlinx.coroutines.withContext

/**
 * The threads of one client's own work: its background coroutines (shard map, write and read
 * batchers, the timeout sweeper, session heartbeats) and their timers. No user code runs on them,
 * so that callers who block their own threads, even every thread of `Dispatchers.Default`, cannot
 * stall the client or keep its timeouts from firing.
 *
 * A few daemon threads per client, shut down when it closes: the work is short non-blocking steps,
 * so a thread per core adds only wake-ups past [MAX_THREADS]; two at least, so that a timeout fires
 * while the other thread is busy. Per client rather than shared, so that a client leaves nothing
 * behind once closed.
 */
internal class ClientThreads {
    private val executor =
        ScheduledThreadPoolExecutor(
                Runtime.getRuntime().availableProcessors().coerceIn(MIN_THREADS, MAX_THREADS),
                DaemonThreads,
            )
            .apply {
                // A cancelled delay leaves the timer queue at once rather than at its due time.
                removeOnCancelPolicy = true
            }

    /** Runs the client's coroutines, and their delays, on these threads. */
    val dispatcher: CoroutineDispatcher = executor.asCoroutineDispatcher()

    /** Whether every thread has ended, once [close] returned. */
    val isTerminated: Boolean
        get() = executor.isTerminated

    /**
     * Lets the work already queued finish, takes no more and waits briefly for the threads to end.
     */
    suspend fun close() {
        executor.shutdown()
        withContext(Dispatchers.IO) {
            executor.awaitTermination(TERMINATION_SECONDS, TimeUnit.SECONDS)
        }
    }

    private object DaemonThreads : ThreadFactory {
        private val count = AtomicInteger()

        override fun newThread(task: Runnable): Thread =
            Thread(task, "oxia-client-${count.incrementAndGet()}").apply { isDaemon = true }
    }

    private companion object {
        const val MIN_THREADS = 2
        const val MAX_THREADS = 4
        const val TERMINATION_SECONDS = 5L
    }
}
