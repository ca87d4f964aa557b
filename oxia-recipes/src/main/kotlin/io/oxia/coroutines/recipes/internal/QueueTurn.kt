package io.oxia.coroutines.recipes.internal

import io.oxia.coroutines.Notification
import io.oxia.coroutines.NotificationType
import io.oxia.coroutines.PutResult
import java.util.UUID
import java.util.concurrent.atomic.AtomicReference
import kotlin.time.TimeMark
import kotlin.time.TimeSource
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.NonCancellable
import kotlinx.coroutines.channels.Channel
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.launch
import kotlinx.coroutines.withContext

/**
 * The head of a queue, won: [entry] is the first entry, as seen by a read sent at [confirmedAt]
 * (the last moment the entry's session is known to have been alive).
 */
internal class Turn(val entry: PutResult, val confirmedAt: TimeMark)

/**
 * Joins the queue with [value] and suspends until this entry is the first, without polling.
 *
 * The queue's deletions are subscribed to before anything is read, so none can be missed: a
 * deletion the subscription reports was either already visible to the last read (harmless) or
 * happened after it. Each waiter waits only for its predecessor to go (or for its own entry to go,
 * when its session expired while it waited: it then joins again, at the back), so a release wakes
 * one waiter, not all. Entries carrying this attempt's nonce under another key (left by a put whose
 * answer was lost) are deleted, so that the waiter never waits for itself.
 *
 * On failure or cancellation the entry is deleted before the exception propagates.
 */
internal suspend fun LeaseQueue.awaitTurn(
    value: ByteArray,
    timeSource: TimeSource = TimeSource.Monotonic,
): Turn = coroutineScope {
    val deletions = Channel<Notification>(Channel.UNLIMITED)
    val established = CompletableDeferred<Unit>()
    // Only deletions at or before our own entry can change our turn; before the entry exists,
    // every deletion is kept. Entries ahead of ours are never re-created (a new key is above every
    // existing one), so the buffer stays bounded by the length of the queue when we joined.
    val mine = AtomicReference<String?>(null)
    val subscription = launch {
        changes { established.complete(Unit) }
            .collect { change ->
                val ours = mine.get()
                val deleted =
                    change.type == NotificationType.KEY_DELETED ||
                        change.type == NotificationType.KEY_RANGE_DELETED
                if (deleted && (ours == null || change.key <= ours)) deletions.send(change)
            }
    }
    try {
        established.await()
        takeTurn(value, deletions, mine, timeSource)
    } finally {
        subscription.cancel()
    }
}

private suspend fun LeaseQueue.takeTurn(
    value: ByteArray,
    deletions: Channel<Notification>,
    mine: AtomicReference<String?>,
    timeSource: TimeSource,
): Turn {
    val nonce = UUID.randomUUID().toString()
    var entry = enqueue(nonce, value).also { mine.set(it.key) }
    try {
        while (true) {
            val readAt = timeSource.markNow()
            val entries = entries()
            val strays = entries.filter { it.nonce == nonce && it.key != entry.key }
            if (strays.isNotEmpty()) {
                strays.forEach { remove(it.key, it.versionId) }
                continue
            }
            val position = entries.indexOfFirst { it.key == entry.key }
            if (position == 0) return Turn(entry, readAt)
            if (position < 0) {
                entry = enqueue(nonce, value).also { mine.set(it.key) }
                continue
            }
            val predecessor = entries[position - 1].key
            val own = entry.key
            do {
                val change = deletions.receive()
            } while (!change.covers(predecessor) && !change.covers(own))
        }
    } catch (e: Throwable) {
        withContext(NonCancellable) { runCatching { remove(entry.key, entry.version.versionId) } }
        throw e
    }
}

private fun Notification.covers(key: String): Boolean =
    when (type) {
        NotificationType.KEY_DELETED -> this.key == key
        NotificationType.KEY_RANGE_DELETED -> key >= this.key && key < (keyRangeEnd ?: "")
        else -> false
    }
