package io.oxia.coroutines.recipes

import io.oxia.coroutines.GetResult
import io.oxia.coroutines.KeyAlreadyExistsException
import io.oxia.coroutines.Notification
import io.oxia.coroutines.NotificationType
import io.oxia.coroutines.OxiaClient
import io.oxia.coroutines.PutResult
import io.oxia.coroutines.UnexpectedVersionException
import io.oxia.coroutines.Version
import io.oxia.coroutines.get
import io.oxia.coroutines.notifications
import io.oxia.coroutines.put
import io.oxia.coroutines.recipes.internal.CacheSlot
import java.util.concurrent.ConcurrentHashMap
import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.CoroutineName
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.CoroutineStart
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.SupervisorJob
import kotlinx.coroutines.cancel
import kotlinx.coroutines.launch

/**
 * A read-through cache of the records under [prefix], kept fresh by notifications.
 *
 * On first use it subscribes to the changes under [prefix] and waits until the subscription is
 * established; from then on, each created, modified or deleted key is dropped from the cache as
 * soon as its notification arrives (a range deletion drops everything). A read fills the cache only
 * when no change of its key was notified while it was under way, else it is made again, so [get]
 * never returns a value older than a change this cache has already been notified of. A value can
 * still be older than a write another client has just made whose notification has not arrived yet:
 * the cache is as fresh as the notification stream, not linearizable.
 *
 * Every key read stays in memory (its record, or the fact that it is absent) until [close]. When
 * the client closes, its notification stream ends (an instant after `shutdown` returns); the cache
 * then drops everything and sends reads to the client, which fails them. Thread-safe.
 *
 * @param client the client to read, write and follow changes with.
 * @param prefix the keys this cache serves; every key passed to it must start with it.
 */
public class OxiaCache(private val client: OxiaClient, public val prefix: String) : AutoCloseable {
    private val slots = ConcurrentHashMap<String, CacheSlot>()
    private val established = CompletableDeferred<Unit>()
    @Volatile private var following = true
    private val job = SupervisorJob()
    private val scope =
        CoroutineScope(job + Dispatchers.Default + CoroutineName("oxia-cache $prefix"))
    private val subscription =
        scope.launch(start = CoroutineStart.LAZY) {
            try {
                client
                    .notifications(keyPrefix = prefix) { established.complete(Unit) }
                    .collect(::onChange)
            } catch (e: CancellationException) {
                throw e
            } catch (e: Exception) {
                established.completeExceptionally(e)
            } finally {
                following = false
                slots.values.forEach { it.invalidate() }
                // Without a subscription, reads go to the client: do not keep them waiting.
                established.complete(Unit)
            }
        }

    /**
     * The record under [key] (`null` when absent): from the cache when it holds the key, else read
     * from the server and cached. The first call waits for the subscription to changes.
     *
     * @throws IllegalArgumentException when [key] does not start with [prefix].
     * @throws IllegalStateException after [close].
     * @throws io.oxia.coroutines.OxiaException when the key cannot be read, or changes cannot be
     *   followed (for instance when the namespace has notifications disabled).
     */
    public suspend fun get(key: String): GetResult? {
        require(key.startsWith(prefix)) { "key '$key' is not under '$prefix'" }
        check(job.isActive) { "cache closed" }
        subscription.start()
        established.await()
        if (!following) return client.get(key)
        val slot = slots.computeIfAbsent(key) { CacheSlot() }
        while (true) {
            when (val lookup = slot.lookup()) {
                is CacheSlot.Lookup.Hit -> return lookup.record
                is CacheSlot.Lookup.Miss -> {
                    val read = client.get(key)
                    val kept = slot.fill(lookup.epoch, read)
                    if (!following) slot.invalidate()
                    if (kept || !following) return read
                }
            }
        }
    }

    /**
     * Replaces the value under [key] with `transform(old value)` (`null` when absent), as a
     * conditional write on the version read: when another writer got there first, the record is
     * read again from the server and [transform] runs again, until a write succeeds. [transform]
     * may therefore run several times and must have no other effects. A [get] on this cache after
     * [update] returns sees the write (or a later one).
     *
     * @return the result of the write that succeeded.
     * @throws IllegalArgumentException when [key] does not start with [prefix].
     * @throws io.oxia.coroutines.OxiaException when the key cannot be read or written.
     */
    public suspend fun update(
        key: String,
        transform: suspend (ByteArray?) -> ByteArray,
    ): PutResult {
        var current = get(key)
        while (true) {
            val expected = current?.version?.versionId ?: Version.KEY_NOT_EXISTS
            try {
                return client.put(key, transform(current?.value), expectedVersionId = expected)
            } catch (e: UnexpectedVersionException) {
                current = client.get(key)
            } catch (e: KeyAlreadyExistsException) {
                current = client.get(key)
            } finally {
                slots[key]?.invalidate()
            }
        }
    }

    /** Stops following changes and drops every cached record; idempotent. */
    override fun close() {
        scope.cancel()
        slots.clear()
    }

    private fun onChange(change: Notification) {
        when (change.type) {
            NotificationType.KEY_CREATED,
            NotificationType.KEY_MODIFIED,
            NotificationType.KEY_DELETED -> slots[change.key]?.invalidate()
            NotificationType.KEY_RANGE_DELETED,
            NotificationType.UNKNOWN -> slots.values.forEach { it.invalidate() }
        }
    }

    override fun toString(): String = "OxiaCache($prefix)"
}
