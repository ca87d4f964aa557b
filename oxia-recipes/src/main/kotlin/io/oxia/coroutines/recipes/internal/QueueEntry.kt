package io.oxia.coroutines.recipes.internal

import io.oxia.coroutines.GetResult

/**
 * One waiter's record in a [LeaseQueue]: its key (the server-generated sequence key, so that the
 * queue's order is the order of arrival), the attempt that wrote it and the value its owner gave.
 *
 * The stored value is the attempt's nonce, a newline, then the owner's bytes. The nonce lets an
 * attempt recognise records of its own that it cannot know the key of: a sequence put whose answer
 * was lost may or may not have created one.
 */
internal class QueueEntry(
    val key: String,
    val nonce: String,
    val value: ByteArray,
    val versionId: Long,
) {
    companion object {
        fun encode(nonce: String, value: ByteArray): ByteArray =
            nonce.toByteArray() + NEWLINE + value

        /** The entry stored in [record]; a record not written by a queue reads with no nonce. */
        fun of(record: GetResult): QueueEntry {
            val bytes = record.value ?: ByteArray(0)
            val end = bytes.indexOf(NEWLINE)
            return if (end < 0) QueueEntry(record.key, "", bytes, record.version.versionId)
            else
                QueueEntry(
                    record.key,
                    bytes.copyOfRange(0, end).decodeToString(),
                    bytes.copyOfRange(end + 1, bytes.size),
                    record.version.versionId,
                )
        }

        private const val NEWLINE: Byte = '\n'.code.toByte()
    }
}
