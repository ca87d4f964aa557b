package io.oxia.coroutines.it

import io.kotest.core.spec.Spec
import io.oxia.coroutines.KeySorting
import io.oxia.coroutines.OxiaClient
import io.oxia.coroutines.OxiaClientBuilder
import io.oxia.coroutines.testing.OxiaStandalone

/** The key order the server under test sorts with: servers up to v0.14 split keys into segments. */
fun sortingOf(serverVersion: String): KeySorting =
    if (serverVersion.startsWith("v0.14") || serverVersion.startsWith("v0.13")) KeySorting.SEGMENTED
    else KeySorting.HIERARCHICAL

/** A standalone Oxia for one spec, started on first use and stopped after the spec. */
fun Spec.standalone(shards: Int = 3): Lazy<OxiaStandalone> {
    val server = lazy { OxiaStandalone.start(shards = shards) }
    afterSpec { if (server.isInitialized()) server.value.close() }
    return server
}

/**
 * Connects a client to [server] with the key order it sorts with, runs [block] and closes the
 * client.
 */
suspend fun <T> withClient(
    server: OxiaStandalone,
    configure: OxiaClientBuilder.() -> Unit = {},
    block: suspend (OxiaClient) -> T,
): T {
    val client =
        OxiaClient.connect(server.serviceAddress) {
            keySorting = sortingOf(server.version)
            configure()
        }
    try {
        return block(client)
    } finally {
        client.shutdown()
    }
}
