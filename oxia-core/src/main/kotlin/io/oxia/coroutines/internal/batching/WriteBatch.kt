package io.oxia.coroutines.internal.batching

import io.oxia.coroutines.ServerException
import io.oxia.coroutines.proto.WriteRequest
import io.oxia.coroutines.proto.WriteResponse
import kotlinx.coroutines.channels.Channel

/**
 * The writes of one WriteRequest. The server applies a batch's puts, then its deletes, then its
 * delete-ranges, so a write that must come after a delete or delete-range already in the batch
 * starts a new batch instead: the user's order of operations on a key is kept. A put marked
 * [PendingPut.sendAlone] makes a batch of its own.
 */
internal class WriteBatch(private val maxOperations: Int, private val maxBytes: Int) {
    private val puts = ArrayList<PendingPut>()
    private val deletes = ArrayList<PendingDelete>()
    private val deleteRanges = ArrayList<PendingDeleteRange>()
    private val deletedKeys = HashSet<String>()
    private var bytes = 0
    private var sequentialPuts = 0
    private var alone = false

    /** When the batch was sent, for the batch metrics; set only while they are recorded. */
    var sentNanos = 0L

    val size: Int
        get() = puts.size + deletes.size + deleteRanges.size

    fun isEmpty(): Boolean = size == 0

    /**
     * Whether the batch holds a put with sequence key deltas, the only kind of write for which the
     * server refuses a whole batch when applying it (see [RefusedBatch]).
     */
    val holdsSequentialPut: Boolean
        get() = sequentialPuts > 0

    /** Whether [write] may join this batch without breaking a limit or the order of operations. */
    fun accepts(write: PendingWrite<*>): Boolean {
        if (isEmpty()) return true
        if (alone) return false
        if (size >= maxOperations || bytes + write.sizeBytes > maxBytes) return false
        return when (write) {
            // The common batch has no deletes: no key to hash then.
            // A sequential put's key is made by the server, so it may be the key of any delete.
            is PendingPut ->
                !write.sendAlone &&
                    deleteRanges.isEmpty() &&
                    (deletedKeys.isEmpty() ||
                        (!write.sequential && write.request.key !in deletedKeys))
            is PendingDelete -> deleteRanges.isEmpty()
            is PendingDeleteRange -> true
        }
    }

    fun add(write: PendingWrite<*>) {
        when (write) {
            is PendingPut -> {
                puts += write
                if (write.sequential) {
                    sequentialPuts++
                    alone = write.sendAlone
                }
            }
            is PendingDelete -> {
                deletes += write
                deletedKeys += write.request.key
            }
            is PendingDeleteRange -> deleteRanges += write
        }
        bytes += write.sizeBytes
    }

    /**
     * Leaves out the writes whose callers were answered while the batch waited to be sent (they
     * timed out, or gave up): they are never sent, so what their callers were told stays true.
     * Returns this batch.
     */
    fun dropSettled(): WriteBatch {
        val before = size
        puts.removeIf { it.isSettled }
        deletes.removeIf { it.isSettled }
        deleteRanges.removeIf { it.isSettled }
        if (size == before) return this
        sequentialPuts = puts.count { it.sequential }
        bytes = writes().sumOf { it.sizeBytes }
        deletedKeys.clear()
        deletes.forEach { deletedKeys += it.request.key }
        return this
    }

    /** All writes, in the order the server applies them. */
    fun writes(): List<PendingWrite<*>> = puts + deletes + deleteRanges

    fun toRequest(shardId: Long): WriteRequest {
        val builder = WriteRequest.newBuilder().setShard(shardId)
        for (put in puts) builder.addPuts(put.request)
        for (delete in deletes) builder.addDeletes(delete.request)
        for (range in deleteRanges) builder.addDeleteRanges(range.request)
        return builder.build()
    }

    /**
     * Hands each write its own part of [response], matched by position; each caller goes on in its
     * own dispatcher, those on `Dispatchers.Default` all in one task (see [DefaultResumptions]).
     */
    fun complete(response: WriteResponse) {
        if (
            response.putsCount != puts.size ||
                response.deletesCount != deletes.size ||
                response.deleteRangesCount != deleteRanges.size
        ) {
            fail(
                ServerException(
                    "the server answered a batch of $size writes with a response of another shape"
                )
            )
            return
        }
        val resumptions = DefaultResumptions()
        puts.forEachIndexed { i, put -> put.complete(response.getPuts(i), resumptions) }
        deletes.forEachIndexed { i, delete -> delete.complete(response.getDeletes(i), resumptions) }
        deleteRanges.forEachIndexed { i, range ->
            range.complete(response.getDeleteRanges(i), resumptions)
        }
        resumptions.dispatch()
    }

    fun fail(cause: Throwable) {
        writes().forEach { it.fail(cause) }
    }
}

/** The batches still in this channel, oldest first. */
internal fun Channel<WriteBatch>.drain(): List<WriteBatch> = buildList {
    while (true) add(tryReceive().getOrNull() ?: break)
}
