package io.oxia.coroutines.it

import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldContainExactlyInAnyOrder
import io.kotest.matchers.shouldBe
import io.oxia.coroutines.Notification
import io.oxia.coroutines.NotificationType
import io.oxia.coroutines.delete
import io.oxia.coroutines.notifications
import io.oxia.coroutines.put
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.async
import kotlinx.coroutines.awaitAll
import kotlinx.coroutines.awaitCancellation
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.flow.take
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.launch
import kotlinx.coroutines.withTimeout

class NotificationsSpec :
    FunSpec({
        val server by standalone(shards = 3)

        test("created, modified, deleted and range-deleted arrive, with versions and offsets") {
            withClient(server) { client ->
                val ready = CompletableDeferred<Unit>()
                coroutineScope {
                    val received = async {
                        client
                            .notifications(
                                keyPrefix = "/n/",
                                onEstablished = { ready.complete(Unit) },
                            )
                            .take(3 + 3 + 1 + 3)
                            .toList()
                    }
                    withTimeout(10_000) { ready.await() }
                    val created = (1..3).map { client.put("/n/k$it", "v1") }
                    val modified = (1..3).map { client.put("/n/k$it", "v2") }
                    client.delete("/n/k1")
                    client.deleteRange("/n/k2", "/n/k4")
                    val notifications = withTimeout(20_000) { received.await() }
                    fun of(type: NotificationType) = notifications.filter { it.type == type }
                    of(NotificationType.KEY_CREATED).map {
                        it.key to it.versionId
                    } shouldContainExactlyInAnyOrder created.map { it.key to it.version.versionId }
                    of(NotificationType.KEY_MODIFIED).map {
                        it.key to it.versionId
                    } shouldContainExactlyInAnyOrder modified.map { it.key to it.version.versionId }
                    of(NotificationType.KEY_DELETED).map { it.key } shouldBe listOf("/n/k1")
                    // A range deletion is sent by every shard.
                    of(NotificationType.KEY_RANGE_DELETED)
                        .map { it.key to it.keyRangeEnd }
                        .toSet() shouldBe setOf("/n/k2" to "/n/k4")
                    of(NotificationType.KEY_RANGE_DELETED).map { it.shard }.toSet().size shouldBe 3
                    notifications.groupBy(Notification::shard).values.forEach { perShard ->
                        perShard.map { it.offset } shouldBe perShard.map { it.offset }.sorted()
                    }
                }
            }
        }

        test("a stalled collector stalls neither another collector nor the client's writes") {
            withClient(server) { client ->
                val slowReady = CompletableDeferred<Unit>()
                val fastReady = CompletableDeferred<Unit>()
                coroutineScope {
                    val stalled = launch {
                        client
                            .notifications(
                                keyPrefix = "/slow/",
                                onEstablished = { slowReady.complete(Unit) },
                            )
                            .collect {
                                awaitCancellation() // never takes a second notification
                            }
                    }
                    val fast = async {
                        client
                            .notifications(
                                keyPrefix = "/slow/",
                                onEstablished = { fastReady.complete(Unit) },
                            )
                            .take(3000)
                            .toList()
                    }
                    withTimeout(10_000) {
                        slowReady.await()
                        fastReady.await()
                    }
                    withTimeout(30_000) {
                        (1..3000).map { async { client.put("/slow/$it", "v") } }.awaitAll()
                    }
                    withTimeout(30_000) { fast.await() }.map { it.key }.toSet().size shouldBe 3000
                    stalled.cancel()
                }
            }
        }
    })
