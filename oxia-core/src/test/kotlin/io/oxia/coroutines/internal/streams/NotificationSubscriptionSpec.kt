package io.oxia.coroutines.internal.streams

import io.grpc.Status
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.oxia.coroutines.NotificationOptions
import io.oxia.coroutines.NotificationsDisabledException
import io.oxia.coroutines.internal.retry.Backoff
import io.oxia.coroutines.internal.routing.ShardRpc
import io.oxia.coroutines.internal.routing.fakeConfig
import io.oxia.coroutines.internal.routing.shardMap
import io.oxia.coroutines.internal.routing.watching
import io.oxia.coroutines.internal.transport.FakeServerStream
import io.oxia.coroutines.internal.transport.FakeTransport
import io.oxia.coroutines.internal.transport.legacyFailure
import io.oxia.coroutines.proto.Notification
import io.oxia.coroutines.proto.NotificationBatch
import io.oxia.coroutines.proto.NotificationEntry
import io.oxia.coroutines.proto.NotificationType
import io.oxia.coroutines.proto.NotificationsRequest
import io.oxia.coroutines.proto.ShardAssignments
import java.util.Collections
import kotlin.time.Duration.Companion.milliseconds
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Job
import kotlinx.coroutines.SupervisorJob
import kotlinx.coroutines.async
import kotlinx.coroutines.launch
import kotlinx.coroutines.test.TestScope
import kotlinx.coroutines.test.currentTime
import kotlinx.coroutines.test.runCurrent
import kotlinx.coroutines.test.runTest

/**
 * A notification subscription against a fake transport in virtual time: a stream per shard of the
 * map, resumed after the last offset delivered when it fails or its leader moves, cancelled with
 * the collection, ended by the client's close, and failed typed by a refusal.
 */
class NotificationSubscriptionSpec :
    FunSpec({
        class Subscribing(
            val transport: FakeTransport,
            val map: FakeServerStream<ShardAssignments>,
            val subscription: NotificationSubscription,
            val clientJob: Job,
        )

        suspend fun TestScope.subscribing(first: ShardAssignments = shardMap("a:1")): Subscribing {
            val config = fakeConfig()
            val transport = FakeTransport()
            val (watcher, map) = watching(config, transport, backgroundScope, first)
            val clientJob = Job()
            val subscription =
                NotificationSubscription(
                    config,
                    ShardRpc(transport, watcher),
                    watcher,
                    clientJob,
                    Backoff(100.milliseconds, jitter = 0.0, max = 100.milliseconds),
                )
            return Subscribing(transport, map, subscription, clientJob)
        }

        fun batch(shard: Long, offset: Long, key: String): NotificationBatch =
            NotificationBatch.newBuilder()
                .setShard(shard)
                .setOffset(offset)
                .addNotifications(
                    NotificationEntry.newBuilder()
                        .setKey(key)
                        .setValue(Notification.newBuilder().setType(NotificationType.KEY_CREATED))
                )
                .build()

        /** Collects the keys notified, in order, until the collection ends. */
        fun CoroutineScope.collecting(s: Subscribing, into: MutableList<String>) =
            async(SupervisorJob()) {
                s.subscription.flow(NotificationOptions()).collect { into += it.key }
            }

        fun FakeServerStream<NotificationBatch>.startOffset(): Long? =
            (request as NotificationsRequest).let {
                if (it.hasStartOffsetExclusive()) it.startOffsetExclusive else null
            }

        test("a failed stream reconnects after a backoff, after the last offset delivered") {
            runTest {
                val s = subscribing()
                val keys = Collections.synchronizedList(mutableListOf<String>())
                val collection = collecting(s, keys)
                val first = s.transport.notificationCalls.receive()
                first.startOffset() shouldBe null
                first.answer(batch(0, 5, "/a"))
                runCurrent()
                first.fail(Status.UNAVAILABLE, "server gone")
                val failedAt = currentTime
                val second = s.transport.notificationCalls.receive()
                (currentTime - failedAt) shouldBe 100L
                second.startOffset() shouldBe 5L
                // A server that sends the last batch again: it is not delivered twice.
                second.answer(batch(0, 5, "/a"))
                second.answer(batch(0, 6, "/b"))
                runCurrent()
                keys shouldBe listOf("/a", "/b")
                collection.cancel()
            }
        }

        test("a leader move ends the stream and follows the shard on the new leader at once") {
            runTest {
                val s = subscribing()
                val keys = Collections.synchronizedList(mutableListOf<String>())
                val collection = collecting(s, keys)
                val first = s.transport.notificationCalls.receive()
                first.address shouldBe "a:1"
                first.answer(batch(0, 1, "/a"))
                runCurrent()
                val movedAt = currentTime
                s.map.answer(shardMap("b:2"))
                val second = s.transport.notificationCalls.receive()
                first.cancelled.isCompleted shouldBe true
                second.address shouldBe "b:2"
                currentTime shouldBe movedAt
                second.startOffset() shouldBe 1L
                second.answer(batch(0, 2, "/b"))
                runCurrent()
                keys shouldBe listOf("/a", "/b")
                collection.cancel()
            }
        }

        test("a shard the map adds gets a stream, and one it drops has its stream cancelled") {
            runTest {
                val s = subscribing()
                val collection = collecting(s, mutableListOf())
                val shard0 = s.transport.notificationCalls.receive()
                s.map.answer(shardMap("a:1", "b:2"))
                val shard1 = s.transport.notificationCalls.receive()
                shard1.shardId shouldBe 1L
                shard1.address shouldBe "b:2"
                s.map.answer(
                    shardMap("a:1", "b:2").let { map ->
                        val ns = map.namespacesMap.getValue("ns")
                        val kept = ns.toBuilder().removeAssignments(0).build()
                        map.toBuilder().putNamespaces("ns", kept).build()
                    }
                )
                runCurrent()
                shard0.cancelled.isCompleted shouldBe true
                shard1.cancelled.isCompleted shouldBe false
                collection.cancel()
            }
        }

        test("cancelling the collection cancels the calls") {
            runTest {
                val s = subscribing()
                val collection = launch { s.subscription.flow(NotificationOptions()).collect {} }
                val call = s.transport.notificationCalls.receive()
                collection.cancel()
                runCurrent()
                call.cancelled.isCompleted shouldBe true
            }
        }

        test("the client's close completes the flow and cancels the calls") {
            runTest {
                val s = subscribing()
                val keys = mutableListOf<String>()
                val collection = collecting(s, keys)
                val call = s.transport.notificationCalls.receive()
                call.answer(batch(0, 1, "/a"))
                runCurrent()
                s.clientJob.cancel()
                collection.await()
                call.cancelled.isCompleted shouldBe true
                keys shouldBe listOf("/a")
            }
        }

        test("a refusal that reconnecting cannot cure fails the flow typed") {
            runTest {
                val s = subscribing()
                val collection = collecting(s, mutableListOf())
                s.transport.notificationCalls
                    .receive()
                    .fail(legacyFailure("oxia: notifications not enabled on namespace"))
                shouldThrow<NotificationsDisabledException> { collection.await() }
                s.transport.notificationCalls.tryReceive().isSuccess shouldBe false
            }
        }
    })
