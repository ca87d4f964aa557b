package io.oxia.coroutines.internal.batching

import kotlin.coroutines.EmptyCoroutineContext
import kotlinx.coroutines.CancellableContinuation
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.ExperimentalCoroutinesApi

/**
 * The callers of one answer (a batch of writes, a message of gets) that wait on
 * `Dispatchers.Default`, resumed one after the other by a single task on `Dispatchers.Default`
 * rather than with a dispatch each: a dispatch per caller costs about a quarter more client CPU per
 * operation at a thousand operations in flight.
 *
 * Those callers need a thread of `Dispatchers.Default` to go on anyway, and they get one that is
 * not the client's: the client's own work runs elsewhere
 * ([io.oxia.coroutines.internal.ClientThreads]), so a caller that blocks after it is resumed delays
 * only the callers of the same answer behind it, never the client or a timeout. Callers on any
 * other dispatcher are resumed on it at once.
 */
internal class DefaultResumptions : Runnable {
    private val continuations = ArrayList<CancellableContinuation<Any?>>()
    private val answers = ArrayList<Result<Any?>>()

    /** Notes that [continuation] goes on with [answer] when [dispatch]ed. */
    @Suppress("UNCHECKED_CAST")
    fun <R> add(continuation: CancellableContinuation<R>, answer: Result<R>) {
        continuations += continuation as CancellableContinuation<Any?>
        answers += answer
    }

    /** Hands the callers noted so far to `Dispatchers.Default`, if there are any. */
    fun dispatch() {
        if (continuations.isNotEmpty()) Dispatchers.Default.dispatch(EmptyCoroutineContext, this)
    }

    @OptIn(ExperimentalCoroutinesApi::class)
    override fun run() {
        for (i in continuations.indices) {
            val answer = answers[i]
            with(continuations[i]) {
                // In this thread, which is the callers' own dispatcher's: no dispatch each.
                answer.fold(
                    { Dispatchers.Default.resumeUndispatched(it) },
                    { Dispatchers.Default.resumeUndispatchedWithException(it) },
                )
            }
        }
    }
}
