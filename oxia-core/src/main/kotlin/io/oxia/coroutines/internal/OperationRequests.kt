package io.oxia.coroutines.internal

import com.google.protobuf.ByteString
import com.google.protobuf.UnsafeByteOperations
import io.oxia.coroutines.GetOptions
import io.oxia.coroutines.PutOptions
import io.oxia.coroutines.internal.conversion.toProto
import io.oxia.coroutines.proto.GetRequest
import io.oxia.coroutines.proto.PutRequest
import io.oxia.coroutines.proto.SecondaryIndex as ProtoSecondaryIndex

/**
 * The put of [value] under the key whose UTF-8 form is [keyUtf8], with what [options] ask for.
 *
 * Keys go into requests as the bytes already made for the routing hash: protobuf then neither
 * measures nor encodes the string again. The array is not copied, so it must not change afterwards.
 */
internal fun putRequest(keyUtf8: ByteArray, value: ByteArray, options: PutOptions): PutRequest =
    PutRequest.newBuilder()
        .setKeyBytes(UnsafeByteOperations.unsafeWrap(keyUtf8))
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

/**
 * The get of the key whose UTF-8 form is [keyUtf8], or of the key next to it, as [options] ask; the
 * array is not copied (see [putRequest]).
 */
internal fun getRequest(keyUtf8: ByteArray, options: GetOptions): GetRequest =
    GetRequest.newBuilder()
        .setKeyBytes(UnsafeByteOperations.unsafeWrap(keyUtf8))
        .setIncludeValue(options.includeValue)
        .setComparisonType(options.comparison.toProto())
        .apply { options.secondaryIndexName?.let { setSecondaryIndexName(it) } }
        .build()
