package io.oxia.coroutines.recipes

import io.oxia.coroutines.KeyAlreadyExistsException
import io.oxia.coroutines.OxiaClient
import io.oxia.coroutines.UnexpectedVersionException
import io.oxia.coroutines.Version
import io.oxia.coroutines.delete
import io.oxia.coroutines.put
import io.oxia.coroutines.recipes.internal.CacheKeys
import io.oxia.coroutines.recipes.internal.CacheMirror
import kotlinx.coroutines.CoroutineName
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.SupervisorJob
import kotlinx.coroutines.cancel
import kotlinx.coroutines.flow.SharedFlow
import kotlinx.coroutines.flow.asSharedFlow

/**
 * The records directly under [prefix] (keys that start with it and have no `/` after it), held in
 * memory and kept current by notifications, with values of type [T] through [codec].
 *
 * **Loading.** On first use (or [awaitLoaded]) the cache subscribes to the changes under [prefix],
 * waits until the subscription is established, and only then scans the keys; a change notified
 * during the scan wins over the scanned record (the key is read again), so no change made during
 * the load is missed. After the load, [get] answers from memory: a key the cache does not hold does
 * not exist.
 *
 * **Freshness.** Each notified change invalidates its key, which is read again in the background (a
 * deletion is applied at once); a read that was under way when a change of its key was notified is
 * never kept. So [get] never returns a record older than a change the cache has been notified of,
 * and once writers stop and their notifications have arrived, the cache equals the server. It is as
 * fresh as the notification stream, not linearizable: a write another client has just made may not
 * show yet. Writes made through this cache ([put], [readModifyUpdate]) show in its [get] as soon as
 * they return (or a later state does).
 *
 * **Bounded memory.** With [maxEntries] > 0 the cache does not load the prefix: it reads each key
 * on first use, keeps at most [maxEntries] keys (a known absence counts), evicts the least recently
 * used beyond that, and reads an evicted key again when asked for it.
 *
 * **After close.** When the client closes, its notification stream ends; the cache drops everything
 * and sends reads to the client, which fails them. [close] stops the cache. Thread-safe.
 *
 * @param client the client to read, write and follow changes with.
 * @param prefix the cache's keys are those directly under it.
 * @param codec how values are stored.
 * @param partitionKey the partition key every record of the cache is written and read with, to keep
 *   them on one shard; `null` (the default) spreads them by key.
 * @param maxEntries the most keys kept in memory; 0 (the default) holds all of them.
 * @throws IllegalArgumentException for an empty [prefix] or a negative [maxEntries].
 */
public class OxiaCache<T : Any>(
    client: OxiaClient,
    public val prefix: String,
    private val codec: CacheCodec<T>,
    partitionKey: String? = null,
    public val maxEntries: Int = 0,
) : AutoCloseable {
    private val job = SupervisorJob()
    private val scope =
        CoroutineScope(job + Dispatchers.Default + CoroutineName("oxia-cache $prefix"))
    private val keys = CacheKeys(prefix, partitionKey)
    private val mirror = CacheMirror(client, keys, codec, maxEntries, scope)

    init {
        require(prefix.isNotEmpty()) { "prefix must not be empty" }
        require(maxEntries >= 0) { "maxEntries must not be negative: $maxEntries" }
    }

    /**
     * Subscribes to the changes and loads the prefix, if not done yet, and suspends until it is
     * done. Every other call does this first.
     *
     * @throws IllegalStateException after [close].
     * @throws io.oxia.coroutines.OxiaException when changes cannot be followed (for instance when
     *   the namespace has notifications disabled) or the prefix cannot be read; the cache is then
     *   unusable.
     */
    public suspend fun awaitLoaded() {
        check(job.isActive) { "cache closed" }
        mirror.awaitLoaded()
    }

    /**
     * The record of [key], or `null` when it does not exist: from memory, or read from the server
     * (and kept) when the cache does not hold it and is bounded, or when a change of it is being
     * applied.
     *
     * @throws IllegalArgumentException when [key] is not directly under [prefix].
     * @throws IllegalStateException after [close].
     * @throws io.oxia.coroutines.OxiaException when the key must be read and cannot be.
     */
    public suspend fun get(key: String): CachedValue<T>? {
        keys.check(key)
        awaitLoaded()
        return mirror.get(key)
    }

    /**
     * Writes [value] under [key], unconditionally or, with [expectedVersionId], only over that
     * version ([Version.KEY_NOT_EXISTS]: only when absent).
     *
     * @return the record written.
     * @throws io.oxia.coroutines.UnexpectedVersionException or
     *   [io.oxia.coroutines.KeyAlreadyExistsException] when the version check fails.
     */
    public suspend fun put(key: String, value: T, expectedVersionId: Long? = null): CachedValue<T> {
        keys.check(key)
        awaitLoaded()
        val bytes = codec.encode(value)
        return mirror.writeThrough(
            key,
            {
                val written = mirror.client.put(key, bytes, expectedVersionId, keys.partitionKey)
                CachedValue(key, value, written.version.versionId)
            },
            { it },
        )
    }

    /**
     * Deletes [key], unconditionally or only at [expectedVersionId]: `true` when it existed.
     *
     * @throws io.oxia.coroutines.UnexpectedVersionException when the version check fails.
     */
    public suspend fun delete(key: String, expectedVersionId: Long? = null): Boolean {
        keys.check(key)
        awaitLoaded()
        return mirror.writeThrough(
            key,
            { mirror.client.delete(key, expectedVersionId, keys.partitionKey) },
            { null },
        )
    }

    /**
     * Replaces the value of [key] with `transform(current value)` (`null` when absent), written
     * only over the version it was computed from. It starts from the cached record; when another
     * writer got there first, it reads the key from the server and runs [transform] again, until a
     * write succeeds. [transform] may therefore run several times and must have no other effects;
     * an exception it throws ends the update without a write.
     *
     * @return the record written.
     */
    public suspend fun readModifyUpdate(key: String, transform: suspend (T?) -> T): CachedValue<T> {
        var current = get(key)
        while (true) {
            val expected = current?.versionId ?: Version.KEY_NOT_EXISTS
            try {
                return put(key, transform(current?.value), expected)
            } catch (e: UnexpectedVersionException) {
                current = mirror.read(key)
            } catch (e: KeyAlreadyExistsException) {
                current = mirror.read(key)
            }
        }
    }

    /**
     * Every change the cache applies from then on: a key's new record, or its removal (the records
     * of the load come first for a collector that starts before it). Hot: a collector sees the
     * changes applied while it collects. It does not load the cache by itself. A collector that
     * falls more than 1024 changes behind slows the cache's updates down until it catches up:
     * collect with `buffer` or `conflate` to decouple. `onSubscription` tells when a collector is
     * subscribed.
     */
    public val changes: SharedFlow<CacheChange<T>>
        get() = mirror.changes.asSharedFlow()

    /**
     * The records held in memory now, by key: all of the prefix once loaded (unless bounded).
     * Records being read again after a change are left out until read.
     */
    public fun snapshot(): Map<String, CachedValue<T>> = buildMap {
        for ((key, slot) in mirror.table.entries()) {
            slot.peek()?.let { put(key, it) }
        }
    }

    /** Stops following changes and drops every record; idempotent. */
    override fun close() {
        scope.cancel()
        mirror.table.clear()
    }

    override fun toString(): String = "OxiaCache($prefix)"
}
