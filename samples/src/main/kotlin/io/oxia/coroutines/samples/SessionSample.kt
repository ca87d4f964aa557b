package io.oxia.coroutines.samples

import io.oxia.coroutines.OxiaClient
import io.oxia.coroutines.SessionState
import io.oxia.coroutines.get
import io.oxia.coroutines.put
import io.oxia.coroutines.sessionEvents
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.async
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.flow.first
import kotlinx.coroutines.withTimeout

/**
 * An ephemeral record lives as long as its writer's session: a simple liveness marker for a service
 * instance.
 */
suspend fun sessionSample(
    address: String,
    configure: io.oxia.coroutines.OxiaClientBuilder.() -> Unit,
) {
    println("== ephemeral records and sessions")
    val instance = OxiaClient.connect(address, configure)
    val observer = OxiaClient.connect(address, configure)
    try {
        val created = coroutineScope {
            val subscribed = CompletableDeferred<Unit>()
            val event = async {
                instance.sessionEvents(onSubscribed = { subscribed.complete(Unit) }).first()
            }
            subscribed.await()
            instance.put("/samples/instances/worker-1", "alive", ephemeral = true)
            withTimeout(5_000) { event.await() }
        }
        check(SessionState.CREATED, created.state, "session event after the first ephemeral put")
        check(
            true,
            observer.get("/samples/instances/worker-1")?.version?.isEphemeral,
            "the record is ephemeral",
        )
        instance.shutdown()
        check(
            null,
            observer.get("/samples/instances/worker-1"),
            "after its writer closed, the record reads as",
        )
    } finally {
        instance.shutdown()
        observer.shutdown()
    }
}
