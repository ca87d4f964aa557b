package io.oxia.coroutines.samples

import io.oxia.coroutines.KeySorting
import io.oxia.coroutines.OxiaClient
import io.oxia.coroutines.put
import io.oxia.coroutines.recipes.CacheCodec
import io.oxia.coroutines.recipes.OxiaCache
import io.oxia.coroutines.recipes.OxiaElection
import io.oxia.coroutines.recipes.OxiaLock
import io.oxia.coroutines.recipes.OxiaMembership
import kotlin.time.Duration.Companion.seconds
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.async
import kotlinx.coroutines.awaitAll
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.flow.first
import kotlinx.coroutines.flow.onSubscription
import kotlinx.coroutines.withTimeout

/**
 * The recipes from Kotlin, with two clients standing for two processes: a lock whose holders
 * increment a counter one at a time, an election and its observers, a membership group, and a cache
 * of a configuration prefix.
 */
suspend fun recipesSample(address: String, sorting: KeySorting) {
    println("== recipes: lock, election, membership, cache")
    val a = OxiaClient.connect(address) { keySorting = sorting }
    val b = OxiaClient.connect(address) { keySorting = sorting }
    try {
        withTimeout(60.seconds) {
            lock(a, b)
            election(a, b)
            membership(a, b)
            cache(a, b)
        }
    } finally {
        a.shutdown()
        b.shutdown()
    }
}

private suspend fun lock(a: OxiaClient, b: OxiaClient) = coroutineScope {
    var counter = 0 // safe: the lock lets one holder at a time touch it
    val tokens =
        listOf(a, b)
            .map { client ->
                async {
                    val lock = OxiaLock(client, "/samples/recipes/lock")
                    (1..5).map {
                        lock.withLock { lease ->
                            counter++
                            lease.fencingToken
                        }
                    }
                }
            }
            .awaitAll()
            .flatten()
    check(10, counter, "lock: increments made under the lock")
    check(10, tokens.toSet().size, "lock: distinct fencing tokens, one per holding")
}

private suspend fun election(a: OxiaClient, b: OxiaClient) {
    val path = "/samples/recipes/leader"
    val first = OxiaElection(a, path).campaign("node-a")
    val observed = OxiaElection(b, path).leader.first { it != null }!!
    check("node-a", observed.valueAsString, "election: the leader observers see")
    coroutineScope {
        val second = async { OxiaElection(b, path).campaign("node-b") }
        first.release() // resign: the next candidate takes over
        val next = second.await()
        check(true, next.fencingToken > first.fencingToken, "election: the next token is higher")
        next.release()
    }
}

private suspend fun membership(a: OxiaClient, b: OxiaClient) {
    val group = "/samples/recipes/workers"
    val memberA = OxiaMembership(a, group).apply { join("worker-a", "10.0.0.1:8080") }
    val memberB = OxiaMembership(b, group).apply { join("worker-b", "10.0.0.2:8080") }
    val members = OxiaMembership(a, group).members.first { it.size == 2 }
    check(setOf("worker-a", "worker-b"), members.map { it.id }.toSet(), "membership: members")
    memberA.leave()
    memberB.leave()
}

private suspend fun cache(a: OxiaClient, b: OxiaClient) {
    b.put("/samples/recipes/config/timeout", "30")
    OxiaCache(a, "/samples/recipes/config/", CacheCodec.UTF8).use { config ->
        config.awaitLoaded()
        check("30", config.get("/samples/recipes/config/timeout")?.value, "cache: loaded value")
        // Another process changes it: the cache learns it from a notification.
        val changed = coroutineScope {
            val subscribed = CompletableDeferred<Unit>()
            val change = async {
                config.changes
                    .onSubscription { subscribed.complete(Unit) }
                    .first { it.key.endsWith("timeout") }
            }
            subscribed.await()
            b.put("/samples/recipes/config/timeout", "45")
            change.await()
        }
        check("45", changed.value?.value, "cache: change seen through notifications")
        val updated =
            config.readModifyUpdate("/samples/recipes/config/timeout") { old ->
                ((old?.toInt() ?: 0) * 2).toString()
            }
        check("90", updated.value, "cache: read-modify-update")
        check("90", config.get("/samples/recipes/config/timeout")?.value, "cache: read your write")
    }
}
