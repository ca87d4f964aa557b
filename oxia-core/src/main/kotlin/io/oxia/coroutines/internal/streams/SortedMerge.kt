package io.oxia.coroutines.internal.streams

import java.util.PriorityQueue
import kotlinx.coroutines.channels.Channel
import kotlinx.coroutines.channels.ReceiveChannel
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.buffer
import kotlinx.coroutines.flow.flow
import kotlinx.coroutines.flow.produceIn

/**
 * Merges the sources that [lookUpSources] makes when the flow is collected, each a flow of chunks
 * sorted by [order] (one chunk per server response), into one sorted flow. Looking them up inside
 * spares callers a flow of their own around the merge, which would cost a context check per item.
 * Each source is read one chunk ahead at most, so memory stays bounded by about one response per
 * source whatever the result's size; the next response of a source is asked for only when the merge
 * has used up the current one. Cancelling the collector cancels every source. A failing source
 * fails the merged flow.
 */
internal fun <T> mergeSorted(
    lookUpSources: suspend () -> List<Flow<List<T>>>,
    order: Comparator<in T>,
): Flow<T> = flow {
    val sources = lookUpSources()
    if (sources.size == 1) {
        sources[0].collect { chunk -> chunk.forEach { emit(it) } }
        return@flow
    }
    coroutineScope {
        val channels = sources.map { it.buffer(Channel.RENDEZVOUS).produceIn(this) }
        val heads =
            PriorityQueue<Head<T>>(sources.size.coerceAtLeast(1)) { a, b ->
                order.compare(a.current, b.current)
            }
        for (channel in channels) nextHead(channel)?.let(heads::add)
        while (heads.isNotEmpty()) {
            val head = heads.poll()
            emit(head.current)
            if (head.advance()) heads.add(head) else nextHead(head.channel)?.let(heads::add)
        }
    }
}

private class Head<T>(val channel: ReceiveChannel<List<T>>, private val chunk: List<T>) {
    private var index = 0
    val current: T
        get() = chunk[index]

    fun advance(): Boolean = ++index < chunk.size
}

private suspend fun <T> nextHead(channel: ReceiveChannel<List<T>>): Head<T>? {
    while (true) {
        val result = channel.receiveCatching()
        if (result.isClosed) {
            result.exceptionOrNull()?.let { throw it }
            return null
        }
        val chunk = result.getOrThrow()
        if (chunk.isNotEmpty()) return Head(channel, chunk)
    }
}
