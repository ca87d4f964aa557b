package io.oxia.coroutines.recipes.internal

import io.oxia.coroutines.ClientClosedException
import io.oxia.coroutines.Notification
import io.oxia.coroutines.NotificationType
import io.oxia.coroutines.OxiaClient
import io.oxia.coroutines.OxiaException
import io.oxia.coroutines.delete
import io.oxia.coroutines.notifications
import io.oxia.coroutines.put
import kotlin.time.Duration.Companion.milliseconds
import kotlin.time.Duration.Companion.seconds
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.CoroutineName
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Job
import kotlinx.coroutines.NonCancellable
import kotlinx.coroutines.cancelAndJoin
import kotlinx.coroutines.channels.Channel
import kotlinx.coroutines.delay
import kotlinx.coroutines.launch
import kotlinx.coroutines.withContext

/**
 * The ephemeral record of one member of a group, kept on the server while the member is joined.
 *
 * Its deletions are subscribed to before it is first written, and each deletion (by someone else,
 * or by the server when the client's session on the shard expired) is answered by writing it again,
 * with backoff while the server refuses. The keeping ends when the client closes or on [remove].
 */
internal class MemberRecord(
    private val client: OxiaClient,
    private val keys: GroupKeys,
    memberId: String,
    private val metadata: ByteArray,
) {
    private val key = keys.keyOf(memberId)
    private var keeper: Job? = null

    /**
     * Writes the record and starts keeping it in [scope]; returns once it is written.
     *
     * @throws OxiaException when the first write failed (nothing is kept then).
     */
    suspend fun keep(scope: CoroutineScope) {
        val established = CompletableDeferred<Unit>()
        val written = CompletableDeferred<Unit>()
        val deletions = Channel<Unit>(Channel.CONFLATED)
        val job =
            scope.launch(CoroutineName("oxia-member $key")) {
                launch {
                    val failure = runCatching {
                        client
                            .notifications(keyPrefix = key) { established.complete(Unit) }
                            .collect { if (it.removes(key)) deletions.send(Unit) }
                    }
                        .exceptionOrNull()
                    failure?.let { established.completeExceptionally(it) }
                    deletions.close()
                }
                try {
                    established.await()
                    write()
                    written.complete(Unit)
                } catch (e: Throwable) {
                    written.completeExceptionally(e)
                    return@launch
                }
                for (deleted in deletions) rewrite()
            }
        keeper = job
        try {
            written.await()
        } catch (e: Throwable) {
            job.cancelAndJoin()
            throw e
        }
    }

    /** Stops keeping the record and deletes it; runs to the end even when cancelled. */
    suspend fun remove() {
        withContext(NonCancellable) {
            keeper?.cancelAndJoin()
            client.delete(key, partitionKey = keys.group)
        }
    }

    private suspend fun write() {
        client.put(key, metadata, partitionKey = keys.group, ephemeral = true)
    }

    private suspend fun rewrite() {
        var backoff = 100.milliseconds
        while (true) {
            try {
                return write()
            } catch (e: ClientClosedException) {
                return
            } catch (e: OxiaException) {
                // Until the client has a new session on the shard, or the shard a leader again.
                delay(backoff)
                backoff = minOf(backoff * 2, 2.seconds)
            }
        }
    }
}

private fun Notification.removes(key: String): Boolean =
    when (type) {
        NotificationType.KEY_DELETED -> this.key == key
        NotificationType.KEY_RANGE_DELETED -> key >= this.key && key < (keyRangeEnd ?: "")
        else -> false
    }
