@file:JvmName("OxiaRecipes")

package io.oxia.coroutines.recipes.java

import io.oxia.coroutines.java.OxiaAsyncClient
import io.oxia.coroutines.recipes.CacheCodec
import io.oxia.coroutines.recipes.OxiaMembership
import io.oxia.coroutines.recipes.java.internal.JavaCalls

// The entry points of the recipes for Java: `OxiaRecipes.lock(client, path).build()` and so on.
// Each recipe runs on the Kotlin client under [OxiaAsyncClient] (its sessions carry the recipe's
// records) and delivers on its callback executor.

/**
 * A builder of a fair lock at [path], whose records live in [client]'s sessions.
 *
 * @throws UnsupportedOperationException when [client] was not made by `OxiaAsyncClient.builder`.
 */
public fun lock(client: OxiaAsyncClient, path: String): OxiaAsyncLock.Builder =
    OxiaAsyncLock.Builder(client, path)

/**
 * A builder of a leader election at [path], whose candidacies live in [client]'s sessions.
 *
 * @throws UnsupportedOperationException when [client] was not made by `OxiaAsyncClient.builder`.
 */
public fun election(client: OxiaAsyncClient, path: String): OxiaAsyncElection.Builder =
    OxiaAsyncElection.Builder(client, path)

/**
 * Membership of [group], whose member record lives in [client]'s session.
 *
 * @throws IllegalArgumentException for an empty [group].
 * @throws UnsupportedOperationException when [client] was not made by `OxiaAsyncClient.builder`.
 */
public fun membership(client: OxiaAsyncClient, group: String): OxiaAsyncMembership =
    OxiaAsyncMembership(OxiaMembership(client.kotlinClient(), group), JavaCalls.of(client))

/**
 * A builder of a cache of the records directly under [prefix], with values through [codec]
 * (`CacheCodec.UTF8`, `CacheCodec.BYTES`, or the caller's own).
 *
 * @throws UnsupportedOperationException when [client] was not made by `OxiaAsyncClient.builder`.
 */
public fun <T : Any> cache(
    client: OxiaAsyncClient,
    prefix: String,
    codec: CacheCodec<T>,
): OxiaAsyncCache.Builder<T> = OxiaAsyncCache.Builder(client, prefix, codec)
