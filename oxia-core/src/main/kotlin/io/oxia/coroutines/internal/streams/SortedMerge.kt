package io.oxia.coroutines.internal.streams

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
        val heads = HeadHeap<T>(channels.size, order)
        for (channel in channels) nextHead(channel)?.let(heads::add)
        while (heads.isNotEmpty()) {
            val head = heads.top()
            emit(head.current)
            if (head.advance()) heads.topChanged() else heads.replaceTop(nextHead(head.channel))
        }
    }
}

/**
 * The sources' current chunks as a binary min-heap on their current items. The merge takes the top
 * and puts it back with one sift down instead of a removal and an insertion: comparing keys is most
 * of a merge's cost, and this compares about half as often.
 */
private class HeadHeap<T>(capacity: Int, private val order: Comparator<in T>) {
    private val heads = arrayOfNulls<Head<T>>(capacity)
    private var size = 0

    fun isNotEmpty(): Boolean = size > 0

    fun top(): Head<T> = heads[0]!!

    fun add(head: Head<T>) {
        var index = size++
        while (index > 0) {
            val parent = (index - 1) / 2
            val above = heads[parent]!!
            if (less(above, head)) break
            heads[index] = above
            index = parent
        }
        heads[index] = head
    }

    /** The top's current item moved on: restores the order. */
    fun topChanged() {
        siftDown(heads[0]!!)
    }

    /** Puts [head] in place of the top, or drops the top when its source is done. */
    fun replaceTop(head: Head<T>?) {
        if (head != null) return siftDown(head)
        val last = heads[--size]!!
        heads[size] = null
        if (size > 0) siftDown(last)
    }

    private fun siftDown(head: Head<T>) {
        var index = 0
        while (true) {
            var child = 2 * index + 1
            if (child >= size) break
            if (child + 1 < size && less(heads[child + 1]!!, heads[child]!!)) child++
            val below = heads[child]!!
            if (!less(below, head)) break
            heads[index] = below
            index = child
        }
        heads[index] = head
    }

    private fun less(a: Head<T>, b: Head<T>): Boolean = order.compare(a.current, b.current) < 0
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
