package io.oxia.coroutines.internal.validation

import io.oxia.coroutines.OxiaClientConfig
import io.oxia.coroutines.PutOptions

/**
 * Checks a put of [value] under [key] with [options] against the limits of [config]: the key, the
 * partition key, the secondary index names and keys, and the value's size.
 *
 * @throws io.oxia.coroutines.InvalidArgumentException for the first one that fails.
 */
internal fun validatePut(
    key: String,
    value: ByteArray,
    options: PutOptions,
    config: OxiaClientConfig,
) {
    validateRecordKey(key, config.maxKeyBytes)
    options.partitionKey?.let { validateText(it, "partitionKey", config.maxKeyBytes) }
    options.secondaryIndexes.forEach {
        validateText(it.indexName, "secondary index name", config.maxKeyBytes)
        validateText(it.secondaryKey, "secondary key", config.maxKeyBytes)
    }
    requireArgument(value.size <= config.maxValueBytes) {
        "value of key '$key' has ${value.size} bytes, more than maxValueBytes (${config.maxValueBytes})"
    }
}
