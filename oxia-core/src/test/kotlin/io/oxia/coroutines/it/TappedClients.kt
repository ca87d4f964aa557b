package io.oxia.coroutines.it

import io.oxia.coroutines.OxiaClient
import io.oxia.coroutines.OxiaClientBuilder
import io.oxia.coroutines.internal.RealOxiaClient
import java.util.Collections
import java.util.WeakHashMap

private val taps = Collections.synchronizedMap(WeakHashMap<OxiaClient, TransportTap>())

/**
 * Connects a client to [address] as [OxiaClient.connect] does, with its calls going through a
 * [TransportTap] that [OxiaClient.tap] finds again, set up by [tapped] before the client connects.
 */
internal suspend fun connectTapped(
    address: String,
    tapped: TransportTap.() -> Unit = {},
    configure: OxiaClientBuilder.() -> Unit = {},
): OxiaClient {
    val config = OxiaClientBuilder(address).apply(configure).build()
    var tap: TransportTap? = null
    val client =
        RealOxiaClient.connect(config) { grpc ->
            TransportTap(grpc, config.namespace).apply(tapped).also { tap = it }
        }
    taps[client] = tap
    return client
}

/** The tap of a client made by [connectTapped]. */
internal val OxiaClient.tap: TransportTap
    get() = checkNotNull(taps[this]) { "the client was not connected by connectTapped" }

/**
 * The shard [routingKey] routes to under the client's latest shard map; see [TransportTap.shardOf].
 */
fun OxiaClient.shardOf(routingKey: String): Long = tap.shardOf(routingKey)
