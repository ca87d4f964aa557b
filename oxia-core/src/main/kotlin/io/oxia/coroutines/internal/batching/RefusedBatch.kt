package io.oxia.coroutines.internal.batching

import io.oxia.coroutines.internal.transport.RpcFailure
import io.oxia.coroutines.internal.transport.toOxiaException

/**
 * What becomes of the unanswered writes of a write stream that the server ended by refusing to
 * apply a batch (see [RpcFailure.refusedSequentialPut]).
 *
 * The server applies a batch atomically: a refused batch had nothing applied. Only a put with
 * sequence key deltas can make it refuse a batch, and a batch holding one is sent alone on its
 * stream, with nothing behind it until it is answered (see [ShardWriter]). So when such a batch is
 * the single unanswered one, the refusal is about it: a lone sequential put in it is the culprit
 * and fails, the other writes are sent again; several sequential puts are all sent again, each in a
 * batch of its own, so that the culprit shows itself next time. Anything else is [Unexplained] and
 * the writes' outcome stays unknown.
 */
internal sealed class RefusedBatch<out W> {
    /** [culprit] fails with the server's reason; [resend] go again, first in line, in order. */
    data class Culprit<W>(val culprit: W, val resend: List<W>) : RefusedBatch<W>()

    /**
     * All of [resend] go again, first in line, in order; each of [alone] (among them) in a batch of
     * its own.
     */
    data class Ambiguous<W>(val resend: List<W>, val alone: List<W>) : RefusedBatch<W>()

    /** The refusal cannot be pinned on one batch of sequential puts. */
    data object Unexplained : RefusedBatch<Nothing>()

    companion object {
        /**
         * Judges a refusal from the writes of the stream's unanswered batches, oldest first, each
         * in the order the server applies them.
         */
        fun <W> judge(unanswered: List<List<W>>, sequential: (W) -> Boolean): RefusedBatch<W> {
            val writes = unanswered.singleOrNull() ?: return Unexplained
            val suspects = writes.filter(sequential)
            return when (suspects.size) {
                0 -> Unexplained
                1 -> Culprit(suspects[0], writes.filter { it !== suspects[0] })
                else -> Ambiguous(writes, suspects)
            }
        }
    }
}

/**
 * Settles the [unanswered] batches of a stream that the server ended with [refusal] (see
 * [RefusedBatch]): the culprit fails with the server's reason, the other writes go first in line
 * again. `false`, having done nothing, when the refusal cannot be pinned on a single batch of
 * sequential puts.
 */
internal fun WriteLine.settleRefused(
    unanswered: List<WriteBatch>,
    refusal: RpcFailure,
    namespace: String,
): Boolean {
    val verdict =
        RefusedBatch.judge(unanswered.map { it.writes() }) { it is PendingPut && it.sequential }
    when (verdict) {
        is RefusedBatch.Culprit -> {
            verdict.culprit.fail(refusal.toOxiaException(namespace))
            putBack(verdict.resend)
        }
        is RefusedBatch.Ambiguous -> {
            verdict.alone.forEach { (it as PendingPut).sendAlone = true }
            putBack(verdict.resend)
        }
        RefusedBatch.Unexplained -> return false
    }
    return true
}
