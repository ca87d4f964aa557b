package io.oxia.coroutines.internal

import com.google.protobuf.ByteString
import io.oxia.coroutines.GetOptions
import io.oxia.coroutines.PutOptions
import io.oxia.coroutines.proto.GetRequest
import io.oxia.coroutines.proto.PutRequest
import io.oxia.coroutines.proto.SecondaryIndex as ProtoSecondaryIndex

/** The put of [value] under [key], with what [options] ask for. */
internal fun putRequest(key: String, value: ByteArray, options: PutOptions): PutRequest =
    PutRequest.newBuilder()
        .setKey(key)
        // A copy: the caller may reuse its array as soon as put returns.
        .setValue(ByteString.copyFrom(value))
        .apply {
            options.expectedVersionId?.let { setExpectedVersionId(it) }
            options.partitionKey?.let { setPartitionKey(it) }
            options.sequenceKeyDeltas.forEach { addSequenceKeyDelta(it) }
            options.secondaryIndexes.forEach {
                addSecondaryIndexes(
                    ProtoSecondaryIndex.newBuilder()
                        .setIndexName(it.indexName)
                        .setSecondaryKey(it.secondaryKey)
                )
            }
        }
        .build()

/** The get of [key], or of the key next to it, as [options] ask. */
internal fun getRequest(key: String, options: GetOptions): GetRequest =
    GetRequest.newBuilder()
        .setKey(key)
        .setIncludeValue(options.includeValue)
        .setComparisonType(options.comparison.toProto())
        .apply { options.secondaryIndexName?.let { setSecondaryIndexName(it) } }
        .build()
