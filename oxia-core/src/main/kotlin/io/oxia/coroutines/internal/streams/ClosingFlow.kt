package io.oxia.coroutines.internal.streams

import io.oxia.coroutines.ClientClosedException
import kotlinx.coroutines.Job
import kotlinx.coroutines.channels.ProducerScope
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.channelFlow
import kotlinx.coroutines.launch

/**
 * A flow produced by [block] that ends with [ClientClosedException] once [clientJob] (the client's
 * scope) is done, for streams that would otherwise never end by themselves.
 */
internal fun <T> endingWhenClosed(
    clientJob: Job,
    block: suspend ProducerScope<T>.() -> Unit,
): Flow<T> = channelFlow {
    launch {
        clientJob.join()
        close(ClientClosedException())
    }
    block()
}
