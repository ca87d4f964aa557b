package io.oxia.coroutines.recipes.internal

import io.oxia.coroutines.Notification
import io.oxia.coroutines.NotificationOptions
import io.oxia.coroutines.OutcomeUnknownException
import io.oxia.coroutines.OxiaClient
import io.oxia.coroutines.PutResult
import io.oxia.coroutines.SessionNotFoundException
import io.oxia.coroutines.UnexpectedVersionException
import io.oxia.coroutines.delete
import io.oxia.coroutines.notifications
import io.oxia.coroutines.put
import io.oxia.coroutines.rangeScan
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.firstOrNull
import kotlinx.coroutines.flow.toList

/**
 * The queue of one lock or election at [path]: ephemeral records with server-generated sequence
 * keys `<path>/entry-<20 digits>`, all written with [path] as their partition key so that they live
 * on one shard, under one session of the client and in one notification stream. A new entry's key
 * is always above every existing one, so the queue is served in order of arrival; the first entry
 * holds the lock.
 */
internal class LeaseQueue(val client: OxiaClient, val path: String) {
    private val prefix = "$path/entry"
    private val rangeStart = "$prefix-"
    private val rangeEnd = "$prefix-~"

    /** Whether [key] is an entry of this queue. */
    fun owns(key: String): Boolean = key.startsWith(rangeStart)

    /**
     * Appends an ephemeral entry carrying [nonce] and [value]. A put whose session had expired, or
     * whose outcome was lost, is made again: a lost one that did land is found by its nonce later.
     */
    suspend fun enqueue(nonce: String, value: ByteArray): PutResult {
        var attempt = 0
        while (true) {
            try {
                return client.put(
                    prefix,
                    QueueEntry.encode(nonce, value),
                    partitionKey = path,
                    sequenceKeyDeltas = listOf(1),
                    ephemeral = true,
                )
            } catch (e: SessionNotFoundException) {
                if (++attempt >= ATTEMPTS) throw e
            } catch (e: OutcomeUnknownException) {
                if (++attempt >= ATTEMPTS) throw e
            }
        }
    }

    /** Every entry, in queue order. */
    suspend fun entries(): List<QueueEntry> =
        client
            .rangeScan(rangeStart, rangeEnd, partitionKey = path)
            .toList()
            .map(QueueEntry::of)
            .sortedBy {
                it.key
            }

    /** The first entry, reading no more than it. */
    suspend fun firstEntry(): QueueEntry? =
        client
            .rangeScan(rangeStart, rangeEnd, partitionKey = path)
            .firstOrNull()
            ?.let(QueueEntry::of)

    /** Changes of the queue's entries; see [OxiaClient.notifications]. */
    fun changes(onEstablished: NotificationOptions.EstablishedListener): Flow<Notification> =
        client.notifications(keyPrefix = rangeStart, onEstablished = onEstablished)

    /**
     * Deletes the entry [key] if it still has [versionId]; `false` when it was gone already. A
     * delete whose outcome was lost is made again (it is conditional, so repeating it is harmless).
     */
    suspend fun remove(key: String, versionId: Long): Boolean {
        var attempt = 0
        while (true) {
            try {
                return client.delete(key, expectedVersionId = versionId, partitionKey = path)
            } catch (e: UnexpectedVersionException) {
                return false
            } catch (e: OutcomeUnknownException) {
                if (++attempt >= ATTEMPTS) throw e
            }
        }
    }

    private companion object {
        const val ATTEMPTS = 3
    }
}
