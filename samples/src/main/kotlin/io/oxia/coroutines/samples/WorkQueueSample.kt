package io.oxia.coroutines.samples

import io.oxia.coroutines.OxiaClient
import io.oxia.coroutines.delete
import io.oxia.coroutines.list
import io.oxia.coroutines.put
import io.oxia.coroutines.sequenceUpdates
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.async
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.flow.first
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.withTimeout

/**
 * A work queue: producers append with server-assigned sequence keys in one partition (so the queue
 * lives on one shard and keeps its order); a consumer watches the highest key and takes items in
 * order.
 */
suspend fun workQueueSample(client: OxiaClient) {
    println("== work queue with partition and sequence keys")
    val partition = "queue-jobs"
    coroutineScope {
        val listening = CompletableDeferred<Unit>()
        val newest = async {
            client
                .sequenceUpdates(
                    "/samples/queue/job",
                    partition,
                    onEstablished = { listening.complete(Unit) },
                )
                .first { it.endsWith("3") }
        }
        listening.await()
        val keys =
            (1..3).map {
                client
                    .put(
                        "/samples/queue/job",
                        "task-$it",
                        partitionKey = partition,
                        sequenceKeyDeltas = listOf(1),
                    )
                    .key
            }
        check(
            "/samples/queue/job-00000000000000000003",
            keys.last(),
            "the third job's generated key",
        )
        check(
            keys.last(),
            withTimeout(10_000) { newest.await() },
            "sequence updates report the newest key",
        )
    }
    val pending =
        client.list("/samples/queue/", "/samples/queue/~", partitionKey = partition).toList()
    check(3, pending.size, "jobs waiting")
    pending.forEach { client.delete(it, partitionKey = partition) }
    check(
        0,
        client.list("/samples/queue/", "/samples/queue/~", partitionKey = partition).toList().size,
        "jobs left after consuming",
    )
}
