package io.oxia.coroutines.internal.batching

import io.oxia.coroutines.OutcomeUnknownException
import io.oxia.coroutines.OxiaException
import io.oxia.coroutines.internal.transport.OxiaErrorKind
import io.oxia.coroutines.internal.transport.RpcFailure
import io.oxia.coroutines.internal.transport.publicCause
import io.oxia.coroutines.internal.transport.toOxiaException

/**
 * What becomes of the batches a write stream left unanswered when it broke, unless a refusal of a
 * sequential put explains them (see [RefusedBatch]): the rule between sending a write again and
 * failing it.
 *
 * A write is sent again only when the server provably did not take it: the stream was never
 * answered, so it carried a single batch (see [ShardWriter]), and it failed without a connection at
 * all or by a check the server makes before applying anything ([RpcFailure.refusedBeforeApplying]).
 * A stream the server rejected outright, for a reason that resending would not change, fails its
 * writes with that reason. Any other break leaves the writes' outcome unknown: they may have been
 * applied.
 */
internal sealed class UnansweredFate {
    /** Sent again on the next stream, first in line, in their order. */
    data object Resend : UnansweredFate()

    /** Failed with [cause]: a typed rejection, or an [OutcomeUnknownException]. */
    class Fail(val cause: OxiaException) : UnansweredFate()

    companion object {
        /**
         * The fate of the unanswered batches of a stream of [shardId] that ended with [failure]
         * after [answered] answers.
         */
        fun of(
            failure: Throwable,
            answered: Int,
            shardId: Long,
            namespace: String,
        ): UnansweredFate {
            val rpcFailure = RpcFailure.of(failure)
            if (answered == 0 && rpcFailure != null && notTaken(rpcFailure)) return Resend
            if (
                rpcFailure != null &&
                    rpcFailure.kind in REJECTED &&
                    !rpcFailure.refusedSequentialPut
            )
                return Fail(rpcFailure.toOxiaException(namespace))
            return Fail(
                OutcomeUnknownException(
                    "the write stream of shard $shardId broke before the write was answered",
                    failure.publicCause(),
                )
            )
        }

        private fun notTaken(failure: RpcFailure): Boolean =
            failure.refusedBeforeApplying ||
                (failure.kind == OxiaErrorKind.CONNECTION && failure.neverConnected)

        private val REJECTED =
            setOf(
                OxiaErrorKind.NAMESPACE_NOT_FOUND,
                OxiaErrorKind.UNAUTHENTICATED,
                OxiaErrorKind.INVALID_ARGUMENT,
                OxiaErrorKind.UNKNOWN_AUTHORITY,
                OxiaErrorKind.UNIMPLEMENTED,
            )
    }
}
