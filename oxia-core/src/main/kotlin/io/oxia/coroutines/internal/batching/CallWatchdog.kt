package io.oxia.coroutines.internal.batching

import java.util.concurrent.ConcurrentHashMap
import kotlin.time.Duration
import kotlin.time.Duration.Companion.seconds
import kotlinx.coroutines.Job
import kotlinx.coroutines.currentCoroutineContext
import kotlinx.coroutines.delay
import kotlinx.coroutines.job

/**
 * Ends the calls of one batcher that outlive [timeout]: every caller of such a call has given up by
 * then, and a leader that stopped answering would otherwise hold the call, and its place in the
 * window, until the connection's keepalive gives up. One watchdog per batcher replaces a gRPC
 * deadline per call, which costs a timer on the client and on the server for every call.
 */
internal class CallWatchdog(private val timeout: Duration) {
    private val running = ConcurrentHashMap<Job, WatchedCall>()

    /** A call under way; [stalled] once the watchdog ended it. */
    class WatchedCall(val startNanos: Long) {
        @Volatile
        var stalled: Boolean = false
            internal set
    }

    /**
     * Runs [call] in the current coroutine, which the watchdog cancels if it takes longer than the
     * timeout; [call] tells that case from others by [WatchedCall.stalled].
     */
    suspend fun <T> watch(call: suspend (WatchedCall) -> T): T {
        val job = currentCoroutineContext().job
        val watched = WatchedCall(System.nanoTime())
        running[job] = watched
        try {
            return call(watched)
        } finally {
            running.remove(job)
        }
    }

    /** Checks the running calls a few times per timeout, until cancelled. */
    suspend fun run() {
        val period = minOf(timeout / 2, MAX_PERIOD)
        val limit = timeout.inWholeNanoseconds
        while (true) {
            delay(period)
            val now = System.nanoTime()
            running.forEach { (job, call) ->
                if (now - call.startNanos > limit) {
                    call.stalled = true
                    job.cancel()
                }
            }
        }
    }

    private companion object {
        val MAX_PERIOD = 1.seconds
    }
}
