package io.oxia.coroutines.internal

import kotlinx.coroutines.CoroutineDispatcher
import kotlinx.coroutines.Dispatchers

/**
 * Where one client's own work runs: its background coroutines (shard map, write and read batchers,
 * the timeout sweeper, session heartbeats) and their timers. No user code runs there, so that
 * callers who block their own threads, even every thread of `Dispatchers.Default`, cannot stall the
 * client or keep its timeouts from firing.
 *
 * A view of `Dispatchers.IO` with a parallelism of its own (one per core, 2 to 4): such a view is
 * not bounded by the threads that `Dispatchers.IO` itself or `Dispatchers.Default` have in use, so
 * it gets a thread even while callers block all of those; and it shares the coroutine scheduler
 * with callers on `Dispatchers.Default`, so a hand-off between a caller and the client is a cheap
 * queue push rather than the wake-up of another pool's thread, which cost a quarter more CPU per
 * operation in the benchmark. Two at least, so that a timeout fires while the other is busy.
 */
internal class ClientThreads {
    /** Runs the client's coroutines, and their delays. */
    val dispatcher: CoroutineDispatcher =
        Dispatchers.IO.limitedParallelism(
            Runtime.getRuntime().availableProcessors().coerceIn(MIN_THREADS, MAX_THREADS),
            "oxia-client",
        )

    /** Nothing to stop: the view's threads belong to the shared scheduler. */
    fun close() = Unit

    private companion object {
        const val MIN_THREADS = 2
        const val MAX_THREADS = 4
    }
}
