package io.oxia.coroutines.samples

import io.oxia.coroutines.NotificationType
import io.oxia.coroutines.OxiaClient
import io.oxia.coroutines.listKeys
import io.oxia.coroutines.notifications
import io.oxia.coroutines.put
import io.oxia.coroutines.rangeScan
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.async
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.flow.take
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.withTimeout

/**
 * List and range scan merge every shard in key order; notifications stream the changes as they
 * commit.
 */
suspend fun streamsSample(client: OxiaClient) {
    println("== list, range scan and notifications")
    for (name in listOf("b", "a", "c")) client.put("/samples/config/$name", "value-$name")
    check(
        listOf("/samples/config/a", "/samples/config/b", "/samples/config/c"),
        client.listKeys("/samples/config/", "/samples/config/~"),
        "keys in order",
    )
    val values =
        client.rangeScan("/samples/config/", "/samples/config/~").toList().map { it.valueAsString }
    check(listOf("value-a", "value-b", "value-c"), values, "records in order")

    val established = CompletableDeferred<Unit>()
    coroutineScope {
        val changes = async {
            client
                .notifications(
                    keyPrefix = "/samples/config/",
                    onEstablished = { established.complete(Unit) },
                )
                .take(2)
                .toList()
        }
        withTimeout(10_000) { established.await() }
        client.put("/samples/config/d", "new")
        client.put("/samples/config/a", "changed")
        val seen = withTimeout(10_000) { changes.await() }.map { it.type to it.key }.toSet()
        check(
            setOf(
                NotificationType.KEY_CREATED to "/samples/config/d",
                NotificationType.KEY_MODIFIED to "/samples/config/a",
            ),
            seen,
            "notifications",
        )
    }
}
