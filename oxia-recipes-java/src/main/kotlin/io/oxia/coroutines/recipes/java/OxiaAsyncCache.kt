package io.oxia.coroutines.recipes.java

import io.oxia.coroutines.java.OxiaAsyncClient
import io.oxia.coroutines.recipes.CacheChange
import io.oxia.coroutines.recipes.CacheCodec
import io.oxia.coroutines.recipes.CachedValue
import io.oxia.coroutines.recipes.OxiaCache
import io.oxia.coroutines.recipes.java.internal.JavaCalls
import java.util.concurrent.CompletableFuture
import java.util.concurrent.Flow
import java.util.function.Function

/**
 * The records directly under a prefix, held in memory and kept current by notifications, for Java:
 * the Kotlin [OxiaCache] with futures and a publisher. Made by [OxiaRecipes.cache]. The cache
 * subscribes to the prefix's changes before it scans it, so no change made during the load is
 * missed; reads come from memory; writes go through; [readModifyUpdate] retries on a version
 * conflict. See [OxiaCache] for the guarantees.
 *
 * Futures complete, the publisher signals and the functions given to [readModifyUpdate] run on the
 * client's callback executor. Cancelling a future cancels its operation. Failures arrive as the
 * cause of a `CompletionException`. Thread-safe.
 */
public class OxiaAsyncCache<T : Any>
internal constructor(private val cache: OxiaCache<T>, private val calls: JavaCalls) :
    AutoCloseable {
    /** The cache's keys are those directly under it. */
    public val prefix: String
        get() = cache.prefix

    /** The most keys kept in memory; 0 when the cache holds all of them. */
    public val maxEntries: Int
        get() = cache.maxEntries

    /** Completes once the cache follows the changes and has loaded the prefix. */
    public fun awaitLoaded(): CompletableFuture<Void?> = calls.future {
        cache.awaitLoaded()
        null
    }

    /**
     * The record of [key], `null` when it does not exist: from memory once loaded. Fails with
     * `IllegalArgumentException` for a key not directly under the prefix.
     */
    public fun get(key: String): CompletableFuture<CachedValue<T>?> = calls.future {
        cache.get(key)
    }

    /** Writes [value] under [key]; completes with the record written. */
    public fun put(key: String, value: T): CompletableFuture<CachedValue<T>> = calls.future {
        cache.put(key, value)
    }

    /**
     * Writes [value] under [key] only over [expectedVersionId] (`Version.KEY_NOT_EXISTS`: only when
     * absent); fails with `UnexpectedVersionException` or `KeyAlreadyExistsException`.
     */
    public fun put(
        key: String,
        value: T,
        expectedVersionId: Long,
    ): CompletableFuture<CachedValue<T>> = calls.future { cache.put(key, value, expectedVersionId) }

    /** Deletes [key]: `true` when it existed. */
    public fun delete(key: String): CompletableFuture<Boolean> = calls.future { cache.delete(key) }

    /** Deletes [key] only at [expectedVersionId]; fails with `UnexpectedVersionException`. */
    public fun delete(key: String, expectedVersionId: Long): CompletableFuture<Boolean> =
        calls.future {
            cache.delete(key, expectedVersionId)
        }

    /**
     * Replaces the value of [key] with `transform.apply(current value)` (`null` when absent),
     * written only over the version it was computed from, and retried from a fresh read when
     * another writer got there first; see [OxiaCache.readModifyUpdate]. [transform] may run several
     * times and must have no other effects; an exception it throws fails the future.
     */
    public fun readModifyUpdate(
        key: String,
        transform: Function<in T?, out T>,
    ): CompletableFuture<CachedValue<T>> = calls.future {
        cache.readModifyUpdate(key) { old -> calls.onCallbacks { transform.apply(old) } }
    }

    /**
     * Every change the cache applies from the subscription on: a key's new record, or its removal;
     * see [OxiaCache.changes]. A subscriber that requests slowly slows the cache's updates down
     * once it is 1024 changes behind.
     */
    public fun changes(): Flow.Publisher<CacheChange<T>> = calls.publisher(cache.changes)

    /** The records held in memory now, by key. */
    public fun snapshot(): Map<String, CachedValue<T>> = cache.snapshot()

    /** Stops following changes and drops every record; idempotent. */
    override fun close() {
        cache.close()
    }

    override fun toString(): String = cache.toString()

    /** Configures an [OxiaAsyncCache]; from [OxiaRecipes.cache]. */
    public class Builder<T : Any>
    internal constructor(
        private val client: OxiaAsyncClient,
        private val prefix: String,
        private val codec: CacheCodec<T>,
    ) {
        private var partitionKey: String? = null
        private var maxEntries = 0

        /** The partition key of every record of the cache, to keep them on one shard. */
        public fun partitionKey(partitionKey: String): Builder<T> = apply {
            this.partitionKey = partitionKey
        }

        /**
         * The most keys kept in memory, the least recently used evicted beyond it and read again on
         * demand; 0 (the default) loads and holds all of them.
         */
        public fun maxEntries(maxEntries: Int): Builder<T> = apply { this.maxEntries = maxEntries }

        /**
         * The cache; it loads on first use or [awaitLoaded].
         *
         * @throws IllegalArgumentException for an empty prefix or a negative size limit.
         */
        public fun build(): OxiaAsyncCache<T> =
            OxiaAsyncCache(
                OxiaCache(client.kotlinClient(), prefix, codec, partitionKey, maxEntries),
                JavaCalls.of(client),
            )
    }
}
