package io.oxia.coroutines.recipes.internal

import io.oxia.coroutines.GetResult
import io.oxia.coroutines.Notification
import io.oxia.coroutines.NotificationType
import io.oxia.coroutines.OxiaClient
import io.oxia.coroutines.get
import io.oxia.coroutines.notifications
import io.oxia.coroutines.rangeScan
import io.oxia.coroutines.recipes.CacheChange
import io.oxia.coroutines.recipes.CacheCodec
import io.oxia.coroutines.recipes.CachedValue
import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.CoroutineStart
import kotlinx.coroutines.async
import kotlinx.coroutines.flow.MutableSharedFlow
import kotlinx.coroutines.launch

/**
 * The records of [keys] as a cache holds them, and how it keeps them current: it subscribes to the
 * keys' changes, and once the subscription is established it reads the keys (all of them with a
 * scan when [complete], else each on first use). A notified change invalidates the key's slot (a
 * deletion marks it absent) and queues the key for a read again, so a read made before the change
 * can never overwrite it (see [CacheSlot]). Every change readers can see is sent to [changes].
 */
internal class CacheMirror<T : Any>(
    val client: OxiaClient,
    val keys: CacheKeys,
    private val codec: CacheCodec<T>,
    maxEntries: Int,
    private val scope: CoroutineScope,
) {
    /** Whether the mirror holds every key (no size limit): a key it lacks does not exist. */
    private val complete = maxEntries == 0
    val table = CacheTable<T>(maxEntries)
    val changes = MutableSharedFlow<CacheChange<T>>(extraBufferCapacity = CHANGE_BUFFER)
    private val established = CompletableDeferred<Unit>()
    private val stale = StaleKeys()

    /** `false` once the subscription has ended: the slots are gone and reads go to the client. */
    @Volatile
    var following: Boolean = true
        private set

    private val subscription =
        scope.launch(start = CoroutineStart.LAZY) {
            try {
                client
                    .notifications(keyPrefix = keys.prefix) { established.complete(Unit) }
                    .collect(::onChange)
            } catch (e: CancellationException) {
                throw e
            } catch (e: Exception) {
                established.completeExceptionally(e)
            } finally {
                following = false
                table.clear()
                stale.close()
                // Without a subscription, reads go to the client: do not keep them waiting.
                established.complete(Unit)
            }
        }

    // Whether the scan of a complete mirror is over: from then on, a known absence is dropped.
    @Volatile private var scanned = false

    // async, not launch: a failure is the callers' to see, not the scope's handler's.
    private val loaded =
        scope.async(start = CoroutineStart.LAZY) {
            subscription.start()
            established.await()
            scope.launch { refreshStale() }
            if (complete && following) load()
            scanned = true
        }

    /**
     * Starts following and loading if not yet, and suspends until it is done.
     *
     * @throws io.oxia.coroutines.OxiaException when the keys cannot be followed or read.
     */
    suspend fun awaitLoaded() {
        loaded.await()
    }

    /** Reads [key] from the server, as a cached value. */
    suspend fun read(key: String): CachedValue<T>? =
        client.get(key, partitionKey = keys.partitionKey)?.let(::decoded)

    /** The record of [key]: from memory when held, else read and kept. */
    suspend fun get(key: String): CachedValue<T>? {
        while (following) {
            val slot = table.slot(key, create = !complete) ?: return null
            when (val lookup = slot.lookup()) {
                is CacheSlot.Lookup.Hit -> return lookup.record
                is CacheSlot.Lookup.Miss -> {
                    val read = read(key)
                    val fill = slot.fill(lookup.epoch, read)
                    if (fill != CacheSlot.Fill.REFUSED) {
                        settle(key, slot, read, fill)
                        // The slot may hold a later version than this read, from a read beside it.
                        return (slot.lookup() as? CacheSlot.Lookup.Hit)?.record ?: read
                    }
                }
            }
        }
        return read(key)
    }

    /**
     * Runs [write] of [key] and returns its result, keeping the record [written] says it left
     * (`null`: absent), so that the cache's reads see it (or a later state) once this returns. The
     * slot is invalidated first: when a change is notified before [write] returns, that change may
     * be later than the write, and the key is read again instead.
     */
    suspend fun <R> writeThrough(
        key: String,
        write: suspend () -> R,
        written: (R) -> CachedValue<T>?,
    ): R {
        val slot = table.slot(key, create = true)!!
        val epoch = slot.invalidate()
        val result =
            try {
                write()
            } catch (e: Throwable) {
                stale.add(key)
                throw e
            }
        val record = written(result)
        val fill = slot.fillWritten(epoch, record)
        if (fill == CacheSlot.Fill.REFUSED) {
            // A read of the notified change may have begun before this write took effect: drop
            // what it brings, so that the next get reads this write or a later state.
            slot.invalidate()
            stale.add(key)
        }
        settle(key, slot, record, fill)
        return result
    }

    private suspend fun load() {
        // Slots start at epoch 0: a slot a notification invalidated or marked absent before the
        // scan reached it refuses the scanned record, and its own read is already queued.
        client.rangeScan(keys.prefix, keys.rangeEnd, partitionKey = keys.partitionKey).collect {
            if (keys.covers(it.key)) {
                val slot = table.slot(it.key, create = true)!!
                val record = decoded(it)
                settle(it.key, slot, record, slot.fill(0, record))
            }
        }
        // Keys deleted during the load were marked absent rather than dropped; drop them now.
        for ((key, slot) in table.entries()) if (slot.isAbsent()) table.remove(key, slot)
    }

    private suspend fun onChange(change: Notification) {
        when (change.type) {
            NotificationType.KEY_CREATED,
            NotificationType.KEY_MODIFIED -> {
                if (!keys.covers(change.key)) return
                val slot = table.slot(change.key, create = complete) ?: return
                if (slot.holdsAtLeast(change.versionId ?: Long.MAX_VALUE)) return
                slot.invalidate()
                stale.add(change.key)
            }
            NotificationType.KEY_DELETED -> {
                if (!keys.covers(change.key)) return
                val slot = table.slot(change.key, create = complete) ?: return
                settle(change.key, slot, null, slot.markAbsent())
            }
            NotificationType.KEY_RANGE_DELETED,
            NotificationType.UNKNOWN -> {
                val end = change.keyRangeEnd
                for ((key, slot) in table.entries()) {
                    when {
                        change.type == NotificationType.UNKNOWN || end == null -> {
                            slot.invalidate()
                            stale.add(key)
                        }
                        key >= change.key && key < end -> settle(key, slot, null, slot.markAbsent())
                    }
                }
            }
        }
    }

    /** After a fill of [key]: drops a known absence when complete, evicts, and reports a change. */
    private suspend fun settle(
        key: String,
        slot: CacheSlot<T>,
        record: CachedValue<T>?,
        fill: CacheSlot.Fill,
    ) {
        if (fill == CacheSlot.Fill.REFUSED) return
        if (record == null && complete && scanned) table.remove(key, slot)
        table.evictOverflow()
        if (fill == CacheSlot.Fill.CHANGED) changes.emit(CacheChange(key, record))
    }

    /** Reads again, one at a time, the keys whose slots a change invalidated. */
    private suspend fun refreshStale() {
        stale.forEach { key ->
            val slot = table.slot(key, create = false) ?: return@forEach
            val lookup = slot.lookup() as? CacheSlot.Lookup.Miss ?: return@forEach
            val read =
                try {
                    read(key)
                } catch (e: CancellationException) {
                    throw e
                } catch (e: Exception) {
                    // The slot stays empty: the next get reads the key and reports the failure.
                    return@forEach
                }
            settle(key, slot, read, slot.fill(lookup.epoch, read))
        }
    }

    private fun decoded(record: GetResult): CachedValue<T> =
        CachedValue(
            record.key,
            codec.decode(record.value ?: ByteArray(0)),
            record.version.versionId,
        )

    private companion object {
        const val CHANGE_BUFFER = 1024
    }
}
