package io.oxia.coroutines.internal.transport

import com.google.rpc.ErrorInfo
import io.grpc.Status
import io.grpc.StatusException
import io.grpc.StatusRuntimeException
import io.grpc.protobuf.StatusProto
import io.oxia.coroutines.internal.observability.LabeledFailure
import java.nio.channels.ClosedChannelException

/** A failed gRPC call, classified for the client's retry and error logic. */
internal class RpcFailure(
    val status: Status,
    val kind: OxiaErrorKind,
    val leaderHint: String?,
    val cause: Throwable,
) : LabeledFailure {
    override val label: String
        get() = kind.name.lowercase()

    val retryable: Boolean
        get() = kind.retryable

    /** The call failed because no connection could be made at all, so the server never saw it. */
    val neverConnected: Boolean
        get() = generateSequence(cause) { it.cause }.any { it is java.net.ConnectException }

    /**
     * The server refused the call by a check it makes before applying anything: the node does not
     * lead the shard (or the shard is frozen for a split), does not know the shard, or is still
     * starting. A call that carried a single request had nothing applied then. Other failures of
     * the "not ready" kind (a leader fenced for a new term, closing) can come after a write was
     * appended, which the next leader may still commit.
     */
    val refusedBeforeApplying: Boolean
        get() =
            kind == OxiaErrorKind.NOT_LEADER ||
                kind == OxiaErrorKind.SHARD_NOT_FOUND ||
                (kind == OxiaErrorKind.NOT_READY &&
                    status.description?.contains("not initialized", ignoreCase = true) == true)

    /**
     * The server refused to apply a batch for a put with sequence key deltas that its sequence
     * cannot take (too few deltas, a first delta of zero, no partition key). The server applies a
     * batch atomically and checks nothing else this way: such a batch had nothing applied, and
     * resending it unchanged would be refused again.
     */
    val refusedSequentialPut: Boolean
        get() = sequenceRefusal(text(status, errorInfo(cause)))

    override fun toString(): String = "$kind: ${status.code} ${status.description ?: ""}"

    companion object {
        /** Classifies [t], or returns `null` when it is not a gRPC failure. */
        fun of(t: Throwable): RpcFailure? {
            val status =
                when (t) {
                    is StatusException -> t.status
                    is StatusRuntimeException -> t.status
                    else -> return null
                }
            val info = errorInfo(t)
            return RpcFailure(
                status,
                when {
                    tlsRefusal(t) != null -> OxiaErrorKind.UNAUTHENTICATED
                    connectionClosed(status, t) -> OxiaErrorKind.CONNECTION
                    else -> kindOf(status, info)
                },
                info?.metadataMap?.get("leader")?.ifEmpty { null },
                t,
            )
        }

        private fun errorInfo(t: Throwable): ErrorInfo? =
            StatusProto.fromThrowable(t)
                ?.detailsList
                ?.firstOrNull { it.`is`(ErrorInfo::class.java) }
                ?.unpack(ErrorInfo::class.java)

        /**
         * grpc-netty fails a call whose connection closed under it with UNKNOWN "channel closed"
         * and a [ClosedChannelException] as cause: a lost connection, not a server's answer.
         */
        private fun connectionClosed(status: Status, t: Throwable): Boolean =
            status.code == Status.Code.UNKNOWN &&
                (status.description.equals("channel closed", ignoreCase = true) ||
                    generateSequence(t) { it.cause }.any { it is ClosedChannelException })

        private fun text(status: Status, info: ErrorInfo?): String =
            listOfNotNull(info?.reason, status.description).joinToString(" ").lowercase()

        /** The server's reasons for refusing a sequential put, in both error styles. */
        private fun sequenceRefusal(text: String): Boolean =
            "sequential key operation" in text ||
                "sequence_deltas" in text ||
                "sequence_delta_is_zero" in text ||
                "missing_partition_key" in text

        private fun kindOf(status: Status, info: ErrorInfo?): OxiaErrorKind {
            val text = text(status, info)
            messageKind(text)?.let {
                return it
            }
            return when (status.code) {
                Status.Code.UNAVAILABLE,
                Status.Code.DEADLINE_EXCEEDED -> OxiaErrorKind.CONNECTION
                Status.Code.ABORTED -> OxiaErrorKind.NOT_LEADER
                Status.Code.UNAUTHENTICATED,
                Status.Code.PERMISSION_DENIED -> OxiaErrorKind.UNAUTHENTICATED
                Status.Code.INVALID_ARGUMENT -> OxiaErrorKind.INVALID_ARGUMENT
                Status.Code.UNIMPLEMENTED -> OxiaErrorKind.UNIMPLEMENTED
                else -> OxiaErrorKind.OTHER
            }
        }

        private fun messageKind(text: String): OxiaErrorKind? =
            when {
                "not leader" in text || "not_leader" in text -> OxiaErrorKind.NOT_LEADER
                "not member" in text || "not_member" in text -> OxiaErrorKind.NOT_LEADER
                "not initialized" in text || "not_initialized" in text -> OxiaErrorKind.NOT_READY
                "invalid status" in text || "invalid_status" in text -> OxiaErrorKind.NOT_READY
                // A shard being fenced for a new term, e.g. "in the wrong state. In FENCED, ..."
                "wrong state" in text -> OxiaErrorKind.NOT_READY
                "already closed" in text || "already_closed" in text -> OxiaErrorKind.NOT_READY
                "operation was cancelled" in text -> OxiaErrorKind.NOT_READY
                "resource unavailable" in text || "resource_unavailable" in text ->
                    OxiaErrorKind.NOT_READY
                "session not found" in text || "session_not_found" in text ->
                    OxiaErrorKind.SESSION_NOT_FOUND
                "namespace not found" in text || "namespace_not_found" in text ->
                    OxiaErrorKind.NAMESPACE_NOT_FOUND
                "shard not found" in text || "shard_not_found" in text ->
                    OxiaErrorKind.SHARD_NOT_FOUND
                "notifications not enabled" in text || "notifications_not_enabled" in text ->
                    OxiaErrorKind.NOTIFICATIONS_NOT_ENABLED
                "unexpected authority" in text -> OxiaErrorKind.UNKNOWN_AUTHORITY
                "invalid session timeout" in text || "invalid_session_timeout" in text ->
                    OxiaErrorKind.INVALID_ARGUMENT
                sequenceRefusal(text) -> OxiaErrorKind.INVALID_ARGUMENT
                else -> null
            }
    }
}
