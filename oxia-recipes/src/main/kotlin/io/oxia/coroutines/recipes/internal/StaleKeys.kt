package io.oxia.coroutines.recipes.internal

import java.util.concurrent.ConcurrentHashMap
import kotlinx.coroutines.channels.Channel

/**
 * The keys a cache must read again, in the order they went stale, each at most once in the queue: a
 * key that goes stale again while queued keeps its place, and one that goes stale while being read
 * is queued again. Thread-safe.
 */
internal class StaleKeys {
    private val queue = Channel<String>(Channel.UNLIMITED)
    private val queued = ConcurrentHashMap.newKeySet<String>()

    /** Queues [key] unless it is queued already; nothing after [close]. */
    fun add(key: String) {
        if (queued.add(key)) queue.trySend(key)
    }

    /** Runs [read] for each key as it comes, one at a time, until [close]. */
    suspend fun forEach(read: suspend (String) -> Unit) {
        for (key in queue) {
            queued.remove(key)
            read(key)
        }
    }

    /** Ends [forEach] once the keys queued so far are read. */
    fun close() {
        queue.close()
    }
}
