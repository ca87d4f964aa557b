package io.oxia.coroutines.internal.streams

import io.oxia.coroutines.ClientClosedException
import kotlinx.coroutines.Job
import kotlinx.coroutines.channels.Channel
import kotlinx.coroutines.channels.ProducerScope
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.buffer
import kotlinx.coroutines.flow.catch
import kotlinx.coroutines.flow.channelFlow
import kotlinx.coroutines.launch

/**
 * A flow produced by [block] through a channel of [capacity] that completes once [clientJob] (the
 * client's scope) is done, for streams that would otherwise never end by themselves. The items
 * already in the channel are delivered first.
 */
internal fun <T> endingWhenClosed(
    clientJob: Job,
    capacity: Int = Channel.BUFFERED,
    block: suspend ProducerScope<T>.() -> Unit,
): Flow<T> = channelFlow {
    launch {
        clientJob.join()
        close()
    }
    block()
}
    .buffer(capacity)

/**
 * This flow, completing instead of failing with the [ClientClosedException] that the client's close
 * raises in it (calls refused, the check made on collection). Other failures stay failures, and
 * exceptions of the collector's own code are not touched.
 */
internal fun <T> Flow<T>.endingNormallyWhenClosed(): Flow<T> = catch {
    if (it !is ClientClosedException) throw it
}
