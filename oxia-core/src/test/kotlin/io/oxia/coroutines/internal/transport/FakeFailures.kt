package io.oxia.coroutines.internal.transport

import com.google.protobuf.Any
import com.google.rpc.ErrorInfo
import io.grpc.Status
import io.grpc.StatusException
import io.grpc.protobuf.StatusProto

/** A failure as servers up to v0.16 send it: UNKNOWN with an `oxia: …` message. */
internal fun legacyFailure(message: String): StatusException =
    Status.UNKNOWN.withDescription(message).asException()

/** A failure as servers v0.17+ send it: a canonical [code] with an `oxia.io` ErrorInfo. */
internal fun canonicalFailure(
    code: Status.Code,
    reason: String,
    metadata: Map<String, String> = emptyMap(),
): StatusException =
    StatusProto.toStatusException(
        com.google.rpc.Status.newBuilder()
            .setCode(code.value())
            .setMessage("oxia: $reason")
            .addDetails(
                Any.pack(
                    ErrorInfo.newBuilder()
                        .setDomain("oxia.io")
                        .setReason(reason)
                        .putAllMetadata(metadata)
                        .build()
                )
            )
            .build()
    )

/** The server is not the shard's leader, and names [hint] as the one that is. */
internal fun notLeader(hint: String): StatusException =
    canonicalFailure(Status.Code.ABORTED, "NODE_IS_NOT_LEADER", mapOf("leader" to hint))
