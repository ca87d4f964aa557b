package io.oxia.coroutines.internal.batching

import io.grpc.Status
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldContainExactly
import io.kotest.matchers.shouldBe
import io.oxia.coroutines.ClientClosedException
import io.oxia.coroutines.ServerException
import io.oxia.coroutines.internal.routing.ShardRpc
import io.oxia.coroutines.internal.routing.fakeConfig
import io.oxia.coroutines.internal.routing.shardMap
import io.oxia.coroutines.internal.routing.watching
import io.oxia.coroutines.internal.transport.FakeServerStream
import io.oxia.coroutines.internal.transport.FakeTransport
import io.oxia.coroutines.internal.transport.RetryableException
import io.oxia.coroutines.internal.transport.notLeader
import io.oxia.coroutines.proto.GetRequest
import io.oxia.coroutines.proto.GetResponse
import io.oxia.coroutines.proto.ReadRequest
import io.oxia.coroutines.proto.ReadResponse
import io.oxia.coroutines.proto.ShardAssignments
import kotlin.time.Duration.Companion.milliseconds
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Deferred
import kotlinx.coroutines.Job
import kotlinx.coroutines.SupervisorJob
import kotlinx.coroutines.async
import kotlinx.coroutines.cancel
import kotlinx.coroutines.job
import kotlinx.coroutines.test.TestScope
import kotlinx.coroutines.test.runCurrent
import kotlinx.coroutines.test.runTest

/**
 * The reader of one shard against a fake transport, in virtual time: gets batched into Read calls
 * to the leader, failures handed to the callers' retry as retryable (with the leader the server
 * named), the leader moved by a new shard map, a stalled leader, and closing.
 */
class ShardReaderSpec :
    FunSpec({
        test("gets queued together go in one Read call to the leader, each answered in order") {
            runTest {
                val h = harness()
                val gets =
                    listOf("a", "b", "c").map { key -> caller { h.reader.execute(get(key)) } }
                val call = h.transport.readCalls.receive()
                call.address shouldBe "a:1"
                call.shardId shouldBe 0
                (call.request as ReadRequest).getsList.map { it.key } shouldContainExactly
                    listOf("a", "b", "c")
                call.answer(answers("a", "b"))
                call.answer(answers("c"))
                call.end()
                gets.map { it.await().key } shouldContainExactly listOf("a", "b", "c")
            }
        }

        test("not leader: the gets fail retryably, and the next call goes to the named leader") {
            runTest {
                val h = harness()
                val first = caller { h.reader.execute(get("k")) }
                h.transport.readCalls.receive().fail(notLeader(hint = "b:2"))
                shouldThrow<RetryableException> { first.await() }
                val again = caller { h.reader.execute(get("k")) }
                val call = h.transport.readCalls.receive()
                call.address shouldBe "b:2"
                call.answer(answers("k"))
                call.end()
                again.await().key shouldBe "k"
            }
        }

        test("a lost connection fails the gets retryably; the call after it reconnects") {
            runTest {
                val h = harness()
                val first = caller { h.reader.execute(get("k")) }
                h.transport.readCalls.receive().fail(Status.UNAVAILABLE, "connection reset")
                shouldThrow<RetryableException> { first.await() }
                val again = caller { h.reader.execute(get("k")) }
                val call = h.transport.readCalls.receive()
                call.address shouldBe "a:1"
                call.answer(answers("k"))
                call.end()
                again.await().key shouldBe "k"
            }
        }

        test("a new shard map moves the leader: the next Read call goes to the new leader") {
            runTest {
                val h = harness()
                h.assignments.answer(shardMap("b:2"))
                runCurrent()
                val read = caller { h.reader.execute(get("k")) }
                val call = h.transport.readCalls.receive()
                call.address shouldBe "b:2"
                call.answer(answers("k"))
                call.end()
                read.await().key shouldBe "k"
            }
        }

        test("a call that ends with gets unanswered fails them with ServerException") {
            runTest {
                val h = harness()
                val gets = listOf("a", "b").map { key -> caller { h.reader.execute(get(key)) } }
                val call = h.transport.readCalls.receive()
                call.answer(answers("a"))
                call.end()
                gets[0].await().key shouldBe "a"
                shouldThrow<ServerException> { gets[1].await() }
            }
        }

        test("a leader that answers no read for the request timeout: retryable, and suspected") {
            runTest {
                // The watchdog reads the real clock: a short timeout keeps the spec quick.
                val h = harness(requestTimeoutMs = 200)
                val read = caller { h.reader.execute(get("k")) }
                val call = h.transport.readCalls.receive()
                shouldThrow<RetryableException> { read.await() }
                call.cancelled.await()
                h.assignments.cancelled.await()
                h.transport.assignmentCalls.receive().address shouldBe "a:1"
            }
        }

        test("closing the client fails the gets in flight with ClientClosedException") {
            runTest {
                val h = harness()
                val read = caller { h.reader.execute(get("k")) }
                val call = h.transport.readCalls.receive()
                h.readerScope.cancel()
                shouldThrow<ClientClosedException> { read.await() }
                call.cancelled.await()
            }
        }
    })

private class ReaderHarness(
    val transport: FakeTransport,
    val assignments: FakeServerStream<ShardAssignments>,
    val readerScope: CoroutineScope,
    val reader: ShardReader,
)

private suspend fun TestScope.harness(requestTimeoutMs: Long = 2_000): ReaderHarness {
    val config = fakeConfig { requestTimeout = requestTimeoutMs.milliseconds }
    val transport = FakeTransport()
    val (watcher, assignments) = watching(config, transport, backgroundScope, shardMap("a:1"))
    val scope =
        CoroutineScope(backgroundScope.coroutineContext + Job(backgroundScope.coroutineContext.job))
    val reader = ShardReader(0, config, ShardRpc(transport, watcher), scope)
    return ReaderHarness(transport, assignments, scope, reader)
}

/** A caller whose failure is its own, not the test's. */
private fun <T> TestScope.caller(block: suspend () -> T): Deferred<T> =
    async(SupervisorJob()) { block() }

private fun get(key: String) = PendingGet(GetRequest.newBuilder().setKey(key).build())

private fun answers(vararg keys: String): ReadResponse =
    ReadResponse.newBuilder()
        .addAllGets(keys.map { GetResponse.newBuilder().setKey(it).build() })
        .build()
