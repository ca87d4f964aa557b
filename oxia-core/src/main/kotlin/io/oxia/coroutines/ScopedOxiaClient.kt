@file:JvmName("ScopedOxiaClient")

package io.oxia.coroutines

import io.oxia.coroutines.internal.RealOxiaClient
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.coroutineScope

/**
 * Connects a client to [serviceAddress], runs [block] with it and closes it when [block] ends:
 * normally, by an exception, or because the calling coroutine was cancelled. Coroutines [block]
 * launches in its scope finish before the client closes. The close runs to the end even for a
 * cancelled caller, so once this returns or throws, the client's sessions are closed and its
 * ephemeral records deleted: a rival waiting for them can take over at once, without waiting for
 * the session timeout.
 *
 * @return what [block] returns.
 * @throws OxiaException as [OxiaClient.connect] does, or as [block] does.
 */
public suspend fun <T> withOxiaClient(
    serviceAddress: String,
    configure: OxiaClientBuilder.() -> Unit = {},
    block: suspend CoroutineScope.(OxiaClient) -> T,
): T = withOxiaClient(OxiaClientBuilder(serviceAddress).apply(configure).build(), block)

/** Like the other overload, with a ready configuration. */
public suspend fun <T> withOxiaClient(
    config: OxiaClientConfig,
    block: suspend CoroutineScope.(OxiaClient) -> T,
): T {
    val client = OxiaClient.connect(config)
    try {
        return coroutineScope { block(client) }
    } finally {
        client.shutdown()
    }
}

/**
 * Connects a client to [serviceAddress] that lives as a child of this scope: when the scope is
 * cancelled (or fails), the client is closed, its sessions and ephemeral records with it, and the
 * scope completes only once that close has finished. Like any child, the client keeps the scope
 * from completing normally while it is open: close it (`shutdown()`/`close()`) when done, or use
 * [withOxiaClient] for a client confined to a block. Meant for long-lived scopes (a service's, a
 * worker's) whose cancellation is their end.
 *
 * @throws OxiaException as [OxiaClient.connect] does.
 */
public suspend fun CoroutineScope.oxiaClient(
    serviceAddress: String,
    configure: OxiaClientBuilder.() -> Unit = {},
): OxiaClient = oxiaClient(OxiaClientBuilder(serviceAddress).apply(configure).build())

/** Like the other overload, with a ready configuration. */
public suspend fun CoroutineScope.oxiaClient(config: OxiaClientConfig): OxiaClient =
    RealOxiaClient.connectOwnedBy(this, config)
