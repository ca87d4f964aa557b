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
}

internal class PendingDelete(val request: DeleteRequest) : PendingWrite<DeleteResponse>() {
    override val sizeBytes: Int = request.serializedSize
}

internal class PendingDeleteRange(val request: DeleteRangeRequest) :
    PendingWrite<DeleteRangeResponse>() {
    override val sizeBytes: Int = request.serializedSize
}
