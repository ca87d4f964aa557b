package io.oxia.coroutines.recipes.internal

/**
 * The keys a cache holds: those that start with [prefix] and have no `/` after it, all written with
 * [partitionKey] when it is not `null`.
 */
internal class CacheKeys(val prefix: String, val partitionKey: String?) {
    /**
     * The end of the range of the cache's keys (exclusive): above every key made of characters of
     * the Basic Multilingual Plane. Oxia orders keys segment by segment, so a bound that keeps the
     * slash count of the keys is needed.
     */
    val rangeEnd: String = "$prefix\uFFFF"

    /** Whether [key] is one of the cache's keys. */
    fun covers(key: String): Boolean = key.startsWith(prefix) && key.indexOf('/', prefix.length) < 0

    /** Fails unless [key] is one of the cache's keys. */
    fun check(key: String) {
        require(covers(key)) { "key '$key' is not directly under '$prefix'" }
    }
}
