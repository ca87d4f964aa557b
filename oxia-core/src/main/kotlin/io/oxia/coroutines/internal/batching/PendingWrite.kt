package io.oxia.coroutines.internal.batching

import io.oxia.coroutines.proto.DeleteRangeRequest
import io.oxia.coroutines.proto.DeleteRangeResponse
import io.oxia.coroutines.proto.DeleteRequest
import io.oxia.coroutines.proto.DeleteResponse
import io.oxia.coroutines.proto.PutRequest
import io.oxia.coroutines.proto.PutResponse

/** A write waiting for its shard's next batch. */
internal sealed class PendingWrite<R> : PendingOperation<R>()

internal class PendingPut(val request: PutRequest) : PendingWrite<PutResponse>() {
    override val sizeBytes: Int = request.serializedSize

    /** A put whose key the server generates from a sequence: it may refuse the put's batch. */
    val sequential: Boolean
        get() = request.sequenceKeyDeltaCount > 0

    /**
     * Set on a sequential put that was in a refused batch with other sequential puts: it goes in a
     * batch of its own, so that a refusal of that batch is about it. Touched by its shard's writer
     * only.
     */
    var sendAlone: Boolean = false
}

internal class PendingDelete(val request: DeleteRequest) : PendingWrite<DeleteResponse>() {
    override val sizeBytes: Int = request.serializedSize
}

internal class PendingDeleteRange(val request: DeleteRangeRequest) :
    PendingWrite<DeleteRangeResponse>() {
    override val sizeBytes: Int = request.serializedSize
}
