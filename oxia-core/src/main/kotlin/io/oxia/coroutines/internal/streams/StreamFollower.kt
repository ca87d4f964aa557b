package io.oxia.coroutines.internal.streams

import io.oxia.coroutines.internal.retry.Backoff
import io.oxia.coroutines.internal.routing.LeaderMovedException
import io.oxia.coroutines.internal.routing.ShardRpc
import io.oxia.coroutines.internal.routing.absorbRetryableFailure
import io.oxia.coroutines.internal.transport.OxiaTransport
import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.delay
import kotlinx.coroutines.flow.Flow

/**
 * Follows an endless server stream of one shard, for as long as its collector wants it: opens it on
 * the shard's leader and hands each answer on; opens it again after a backoff (reset by each
 * answer) when the server ends it or it fails in a way reconnecting can cure, and at once, on the
 * new leader, when the shard's leader moves (see [ShardRpc.whileLeader]). Any other failure is
 * rethrown as the typed public error (see [absorbRetryableFailure]).
 */
internal class StreamFollower(
    private val rpc: ShardRpc,
    private val backoff: Backoff,
    private val namespace: String,
) {
    /**
     * Follows the stream that [open] makes on a leader for the shard [shardId] names (asked again
     * before each attempt, since a split can move a key to another shard), handing each answer to
     * [onEach], and each failure it reconnects after to [onFailure]. Returns only by an exception.
     */
    suspend fun <A> follow(
        shardId: suspend () -> Long,
        open: suspend OxiaTransport.(leader: String, shardId: Long) -> Flow<A>,
        onFailure: (Exception) -> Unit = {},
        onEach: suspend (A) -> Unit,
    ): Nothing {
        var attempt = 0
        while (true) {
            val shard = shardId()
            try {
                rpc.streamFromLeader(shard, { open(it, shard) }) {
                    attempt = 0
                    onEach(it)
                }
            } catch (e: CancellationException) {
                throw e
            } catch (e: LeaderMovedException) {
                rpc.checkOpen()
                onFailure(e)
                continue
            } catch (e: Exception) {
                rpc.absorbRetryableFailure(shard, e, namespace)
                onFailure(e)
            }
            delay(backoff.delayFor(attempt++))
        }
    }
}
