package io.oxia.coroutines.recipes.it

import io.kotest.core.spec.Spec
import io.oxia.coroutines.OxiaClient
import io.oxia.coroutines.OxiaClientBuilder
import io.oxia.coroutines.testing.OxiaStandalone
import kotlin.time.Duration.Companion.seconds

/** A standalone Oxia for one spec, started on first use and stopped after the spec. */
fun Spec.standalone(shards: Int = 3): Lazy<OxiaStandalone> {
    val server = lazy { OxiaStandalone.start(shards = shards) }
    afterSpec { if (server.isInitialized()) server.value.close() }
    return server
}

/** Connects a client to [server] (a short session timeout unless [configure] says otherwise). */
suspend fun connect(
    server: OxiaStandalone,
    configure: OxiaClientBuilder.() -> Unit = {},
): OxiaClient =
    OxiaClient.connect(server.serviceAddress) {
        requestTimeout = 20.seconds
        sessionTimeout = 4.seconds
        configure()
    }

/** Connects [count] clients to [server], runs [block] and closes them. */
suspend fun <T> withClients(
    server: OxiaStandalone,
    count: Int,
    configure: OxiaClientBuilder.() -> Unit = {},
    block: suspend (List<OxiaClient>) -> T,
): T {
    val clients = List(count) { connect(server, configure) }
    try {
        return block(clients)
    } finally {
        clients.forEach { it.shutdown() }
    }
}
