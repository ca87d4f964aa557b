package io.oxia.coroutines.internal.batching

import io.oxia.coroutines.proto.GetRequest
import io.oxia.coroutines.proto.GetResponse

/** A read waiting for its shard's next Read call. */
internal class PendingGet(val request: GetRequest) : PendingOperation<GetResponse>() {
    override val sizeBytes: Int = request.serializedSize
}
