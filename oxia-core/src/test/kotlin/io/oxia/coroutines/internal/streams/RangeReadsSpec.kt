package io.oxia.coroutines.internal.streams

import io.grpc.Status
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.oxia.coroutines.ClientClosedException
import io.oxia.coroutines.OxiaTimeoutException
import io.oxia.coroutines.RangeOptions
import io.oxia.coroutines.UnauthenticatedException
import io.oxia.coroutines.UnavailableException
import io.oxia.coroutines.internal.retry.Backoff
import io.oxia.coroutines.internal.routing.ShardRpc
import io.oxia.coroutines.internal.routing.fakeConfig
import io.oxia.coroutines.internal.routing.shardMap
import io.oxia.coroutines.internal.routing.watching
import io.oxia.coroutines.internal.transport.FakeServerStream
import io.oxia.coroutines.internal.transport.FakeTransport
import io.oxia.coroutines.proto.ListResponse
import io.oxia.coroutines.proto.ShardAssignments
import java.util.Collections
import kotlin.time.Duration.Companion.milliseconds
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.SupervisorJob
import kotlinx.coroutines.async
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.launch
import kotlinx.coroutines.test.TestScope
import kotlinx.coroutines.test.currentTime
import kotlinx.coroutines.test.runCurrent
import kotlinx.coroutines.test.runTest

/**
 * Range reads of one shard against a fake transport in virtual time: a stream opened again after a
 * failure before its first chunk, a leader move followed at once before it and failed typed after
 * it, stalls, cancellation and close.
 */
class RangeReadsSpec :
    FunSpec({
        class Reading(
            val transport: FakeTransport,
            val map: FakeServerStream<ShardAssignments>,
            val reads: RangeReads,
        )

        suspend fun TestScope.reading(): Reading {
            val config = fakeConfig()
            val transport = FakeTransport()
            val (watcher, map) = watching(config, transport, backgroundScope, shardMap("a:1"))
            val reads =
                RangeReads(
                    config,
                    ShardRpc(transport, watcher),
                    { watcher.current.value!! },
                    naturalOrder(),
                    Backoff(100.milliseconds, jitter = 0.0, max = 100.milliseconds),
                ) {
                    testScheduler.currentTime * 1_000_000
                }
            return Reading(transport, map, reads)
        }

        fun keys(vararg keys: String): ListResponse =
            ListResponse.newBuilder().addAllKeys(keys.toList()).build()

        /** Collects the keys of the range read as they come, and its end. */
        fun CoroutineScope.collecting(reads: RangeReads, into: MutableList<String>) =
            async(SupervisorJob()) { reads.list("", "~", RangeOptions()).collect { into += it } }

        test("a stream that fails before its first chunk is opened again after a backoff") {
            runTest {
                val r = reading()
                val listed = async { r.reads.list("", "~", RangeOptions()).toList() }
                r.transport.listCalls.receive().fail(Status.UNAVAILABLE)
                val failedAt = currentTime
                val second = r.transport.listCalls.receive()
                (currentTime - failedAt) shouldBe 100L
                second.answer(keys("/a", "/b"))
                second.end()
                listed.await() shouldBe listOf("/a", "/b")
            }
        }

        test("a leader move before the first chunk restarts the stream on the new leader at once") {
            runTest {
                val r = reading()
                val listed = async { r.reads.list("", "~", RangeOptions()).toList() }
                val first = r.transport.listCalls.receive()
                first.address shouldBe "a:1"
                val movedAt = currentTime
                r.map.answer(shardMap("b:2"))
                val second = r.transport.listCalls.receive()
                first.cancelled.isCompleted shouldBe true
                second.address shouldBe "b:2"
                currentTime shouldBe movedAt
                second.answer(keys("/a"))
                second.end()
                listed.await() shouldBe listOf("/a")
            }
        }

        test("a leader move after the first chunk fails typed, neither losing nor repeating keys") {
            runTest {
                val r = reading()
                val seen = Collections.synchronizedList(mutableListOf<String>())
                val listed = collecting(r.reads, seen)
                val first = r.transport.listCalls.receive()
                first.answer(keys("/a", "/b"))
                runCurrent()
                r.map.answer(shardMap("b:2"))
                val failure = shouldThrow<UnavailableException> { listed.await() }
                failure.message shouldContain "after part of the range was delivered"
                first.cancelled.isCompleted shouldBe true
                seen shouldBe listOf("/a", "/b")
                r.transport.listCalls.tryReceive().isSuccess shouldBe false
            }
        }

        test("a split that drops the shard from the map lets the read under way finish") {
            runTest {
                val r = reading()
                val listed = async { r.reads.list("", "~", RangeOptions()).toList() }
                val call = r.transport.listCalls.receive()
                call.answer(keys("/a"))
                runCurrent()
                val children = shardMap("a:1", "b:2", "c:3")
                val ns = children.namespacesMap.getValue("ns").toBuilder().removeAssignments(0)
                r.map.answer(children.toBuilder().putNamespaces("ns", ns.build()).build())
                runCurrent()
                call.cancelled.isCompleted shouldBe false
                call.answer(keys("/b"))
                call.end()
                listed.await() shouldBe listOf("/a", "/b")
            }
        }

        test("a failure after the first chunk fails the read typed, and is not retried") {
            runTest {
                val r = reading()
                val seen = mutableListOf<String>()
                val listed = collecting(r.reads, seen)
                val first = r.transport.listCalls.receive()
                first.answer(keys("/a"))
                runCurrent()
                first.fail(Status.UNAVAILABLE, "gone")
                shouldThrow<UnavailableException> { listed.await() }
                seen shouldBe listOf("/a")
                r.transport.listCalls.tryReceive().isSuccess shouldBe false
            }
        }

        test("a refusal that retrying cannot cure fails the read typed at once") {
            runTest {
                val r = reading()
                val listed = collecting(r.reads, mutableListOf())
                r.transport.listCalls.receive().fail(Status.UNAUTHENTICATED, "bad token")
                shouldThrow<UnauthenticatedException> { listed.await() }
                r.transport.listCalls.tryReceive().isSuccess shouldBe false
            }
        }

        test("a server that sends nothing for the request timeout fails the read as stalled") {
            runTest {
                val r = reading()
                val listed = collecting(r.reads, mutableListOf())
                val first = r.transport.listCalls.receive()
                val started = currentTime
                shouldThrow<OxiaTimeoutException> { listed.await() }.message shouldContain "a:1"
                (currentTime - started) shouldBe 2_000L
                first.cancelled.isCompleted shouldBe true
            }
        }

        test("cancelling the collection cancels the call") {
            runTest {
                val r = reading()
                val listed = launch { r.reads.list("", "~", RangeOptions()).collect {} }
                val call = r.transport.listCalls.receive()
                listed.cancel()
                runCurrent()
                call.cancelled.isCompleted shouldBe true
            }
        }

        test("a call that fails once the client is closed fails the read as closed") {
            runTest {
                val r = reading()
                val listed = collecting(r.reads, mutableListOf())
                val call = r.transport.listCalls.receive()
                r.transport.close()
                call.fail(Status.CANCELLED, "channel shut down")
                shouldThrow<ClientClosedException> { listed.await() }
            }
        }
    })
