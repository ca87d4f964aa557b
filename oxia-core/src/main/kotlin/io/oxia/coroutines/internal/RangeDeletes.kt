package io.oxia.coroutines.internal

import io.oxia.coroutines.internal.batching.PendingDeleteRange
import io.oxia.coroutines.internal.batching.ShardWriter
import io.oxia.coroutines.proto.DeleteRangeRequest
import io.oxia.coroutines.proto.Status
import kotlinx.coroutines.async
import kotlinx.coroutines.awaitAll
import kotlinx.coroutines.coroutineScope

/**
 * Sends each of [requests] to the shard of [partitionKey], or to every shard when it is `null`, and
 * gives the statuses of their answers.
 */
internal suspend fun ShardBatchers.deleteRanges(
    requests: List<DeleteRangeRequest>,
    partitionKey: String?,
    deadline: Long,
): List<Status> =
    if (partitionKey != null) send(writerFor(partitionKey, deadline), requests, deadline)
    else eachShard(deadline) { send(writer(it), requests, deadline) }.flatten()

private suspend fun ShardBatchers.send(
    writer: ShardWriter,
    requests: List<DeleteRangeRequest>,
    deadline: Long,
): List<Status> = coroutineScope {
    requests
        .map { async { writer.execute(until(PendingDeleteRange(it), deadline)).status } }
        .awaitAll()
}
