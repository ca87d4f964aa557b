package io.oxia.coroutines.internal.streams

import io.grpc.Status
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.oxia.coroutines.SequenceUpdateOptions
import io.oxia.coroutines.internal.retry.Backoff
import io.oxia.coroutines.internal.routing.ShardRpc
import io.oxia.coroutines.internal.routing.fakeConfig
import io.oxia.coroutines.internal.routing.shardMap
import io.oxia.coroutines.internal.routing.watching
import io.oxia.coroutines.internal.transport.FakeServerStream
import io.oxia.coroutines.internal.transport.FakeTransport
import io.oxia.coroutines.proto.GetSequenceUpdatesResponse
import io.oxia.coroutines.proto.ShardAssignments
import java.util.Collections
import kotlin.time.Duration.Companion.milliseconds
import kotlinx.coroutines.Job
import kotlinx.coroutines.SupervisorJob
import kotlinx.coroutines.async
import kotlinx.coroutines.test.TestScope
import kotlinx.coroutines.test.currentTime
import kotlinx.coroutines.test.runCurrent
import kotlinx.coroutines.test.runTest

/**
 * Sequence updates against a fake transport in virtual time: each key once, the stream opened again
 * after a failure and at once on a new leader, and the flow ended by the client's close.
 */
class SequenceUpdatesSpec :
    FunSpec({
        class Following(
            val transport: FakeTransport,
            val map: FakeServerStream<ShardAssignments>,
            val updates: SequenceUpdates,
            val clientJob: Job,
        )

        suspend fun TestScope.following(): Following {
            val config = fakeConfig()
            val transport = FakeTransport()
            val (watcher, map) = watching(config, transport, backgroundScope, shardMap("a:1"))
            val clientJob = Job()
            val updates =
                SequenceUpdates(
                    config,
                    ShardRpc(transport, watcher),
                    { watcher.current.value!! },
                    clientJob,
                    Backoff(100.milliseconds, jitter = 0.0, max = 100.milliseconds),
                ) { _, _ ->
                    null
                }
            return Following(transport, map, updates, clientJob)
        }

        fun highest(key: String): GetSequenceUpdatesResponse =
            GetSequenceUpdatesResponse.newBuilder().setHighestSequenceKey(key).build()

        fun TestScope.collecting(f: Following, into: MutableList<String>) =
            async(SupervisorJob()) {
                f.updates.flow("/seq", "p", SequenceUpdateOptions()).collect { into += it }
            }

        test("each key comes once, across a failed stream opened again after a backoff") {
            runTest {
                val f = following()
                val keys = Collections.synchronizedList(mutableListOf<String>())
                val collection = collecting(f, keys)
                val first = f.transport.sequenceCalls.receive()
                first.answer(highest("/seq-1"))
                runCurrent()
                first.answer(highest("/seq-1"))
                runCurrent()
                first.answer(highest("/seq-2"))
                runCurrent()
                first.fail(Status.UNAVAILABLE, "server gone")
                val failedAt = currentTime
                val second = f.transport.sequenceCalls.receive()
                (currentTime - failedAt) shouldBe 100L
                second.answer(highest("/seq-2"))
                runCurrent()
                second.answer(highest("/seq-3"))
                runCurrent()
                keys shouldBe listOf("/seq-1", "/seq-2", "/seq-3")
                collection.cancel()
            }
        }

        test("a leader move opens the stream again on the new leader at once") {
            runTest {
                val f = following()
                val collection = collecting(f, mutableListOf())
                val first = f.transport.sequenceCalls.receive()
                first.address shouldBe "a:1"
                val movedAt = currentTime
                f.map.answer(shardMap("b:2"))
                val second = f.transport.sequenceCalls.receive()
                first.cancelled.isCompleted shouldBe true
                second.address shouldBe "b:2"
                currentTime shouldBe movedAt
                collection.cancel()
            }
        }

        test("the client's close completes the flow and cancels the call") {
            runTest {
                val f = following()
                val keys = mutableListOf<String>()
                val collection = collecting(f, keys)
                val call = f.transport.sequenceCalls.receive()
                call.answer(highest("/seq-1"))
                runCurrent()
                f.clientJob.cancel()
                collection.await()
                call.cancelled.isCompleted shouldBe true
                keys shouldBe listOf("/seq-1")
            }
        }
    })
