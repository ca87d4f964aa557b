package io.oxia.coroutines.recipes.internal

import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.channels.Channel
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.channelFlow
import kotlinx.coroutines.flow.conflate
import kotlinx.coroutines.flow.distinctUntilChanged
import kotlinx.coroutines.launch

/**
 * The queue's first entry, then each new first entry (`null` while the queue is empty). The queue's
 * changes are subscribed to before it is read, and it is read again after every change, so a change
 * of the head is never missed. Conflated: a slow collector sees the latest head.
 */
internal fun LeaseQueue.heads(): Flow<QueueEntry?> = channelFlow {
    val changed = Channel<Unit>(Channel.CONFLATED)
    val established = CompletableDeferred<Unit>()
    launch { changes { established.complete(Unit) }.collect { changed.send(Unit) } }
    established.await()
    while (true) {
        send(firstEntry())
        changed.receive()
    }
}
    .distinctUntilChanged { old, new -> old?.key == new?.key && old?.versionId == new?.versionId }
    .conflate()
