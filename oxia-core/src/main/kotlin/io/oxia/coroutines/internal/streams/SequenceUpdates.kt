package io.oxia.coroutines.internal.streams

import io.oxia.coroutines.OxiaClientConfig
import io.oxia.coroutines.SequenceUpdateOptions
import io.oxia.coroutines.internal.retry.Backoff
import io.oxia.coroutines.internal.routing.ShardRouter
import io.oxia.coroutines.internal.routing.ShardRpc
import io.oxia.coroutines.proto.GetSequenceUpdatesRequest
import kotlinx.coroutines.Job
import kotlinx.coroutines.channels.Channel
import kotlinx.coroutines.channels.ProducerScope
import kotlinx.coroutines.flow.Flow

/**
 * The highest sequence key under a prefix, as the server reports it (the current one first, then
 * each change, collapsed to the latest). Reconnects after failures with backoff and at once after a
 * leader move (see [StreamFollower]), and never repeats a key it already emitted; completes once
 * the client is closed.
 *
 * Keys are handed to the collector through a conflated channel, outside the stream's leader guard:
 * a leader move never cancels the collector's own code, and the collector's exceptions are its own,
 * never taken for a stream failure.
 */
internal class SequenceUpdates(
    private val config: OxiaClientConfig,
    private val rpc: ShardRpc,
    private val router: suspend () -> ShardRouter,
    private val clientJob: Job,
    private val backoff: Backoff,
    /** The highest key of a sequence as a read finds it, or `null`: see [produce]. */
    private val newestKey: suspend (prefixKey: String, partitionKey: String) -> String?,
) {
    private val follower = StreamFollower(rpc, backoff, config.namespace)

    fun flow(
        prefixKey: String,
        partitionKey: String,
        options: SequenceUpdateOptions,
    ): Flow<String> =
        endingWhenClosed(clientJob, Channel.CONFLATED) {
            produce(prefixKey, partitionKey, options.onEstablished)
        }

    private suspend fun ProducerScope<String>.produce(
        prefixKey: String,
        partitionKey: String,
        onEstablished: SequenceUpdateOptions.EstablishedListener?,
    ) {
        var established = false
        var last: String? = null
        var first = true
        follower.follow(
            { router().shardFor(partitionKey).id },
            { leader, shardId ->
                val request =
                    GetSequenceUpdatesRequest.newBuilder()
                        .setShard(shardId)
                        .setKey(prefixKey)
                        .build()
                // Every stream starts with the highest key at the time, so no key generated from
                // here
                // on can be missed: older servers say nothing else before the next key.
                if (!established) {
                    established = true
                    onEstablished?.onEstablished()
                }
                first = true
                sequenceUpdates(leader, shardId, request)
            },
        ) { update ->
            var key = update.highestSequenceKey
            if (first && key.isNotEmpty()) {
                // A server that reads the current key as a key is being generated can overwrite
                // the newer key with the older one it read, and then say nothing more until the
                // next key (seen on v0.17.1): a read settles it.
                first = false
                newestKey(prefixKey, partitionKey)?.let { if (it > key) key = it }
            }
            if (key.isNotEmpty() && key != last) {
                last = key
                send(key)
            }
        }
    }
}
