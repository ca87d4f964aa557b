package io.oxia.coroutines.internal.batching

import com.google.protobuf.ByteString
import io.grpc.Status
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.booleans.shouldBeTrue
import io.kotest.matchers.collections.shouldContainExactly
import io.kotest.matchers.nulls.shouldBeNull
import io.kotest.matchers.shouldBe
import io.oxia.coroutines.ClientClosedException
import io.oxia.coroutines.OutcomeUnknownException
import io.oxia.coroutines.internal.routing.ShardRpc
import io.oxia.coroutines.internal.routing.fakeConfig
import io.oxia.coroutines.internal.routing.shardMap
import io.oxia.coroutines.internal.routing.watching
import io.oxia.coroutines.internal.transport.FakeServerStream
import io.oxia.coroutines.internal.transport.FakeTransport
import io.oxia.coroutines.internal.transport.notLeader
import io.oxia.coroutines.proto.PutRequest
import io.oxia.coroutines.proto.PutResponse
import io.oxia.coroutines.proto.ShardAssignments
import io.oxia.coroutines.proto.WriteRequest
import io.oxia.coroutines.proto.WriteResponse
import java.net.ConnectException
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
 * The writer of one shard against a fake transport, in virtual time: batches to the leader, the
 * leader lost mid-batch (resent when the server provably did not take the batch, failed with
 * [OutcomeUnknownException] when it may have), the leader moved by a new shard map, a stalled
 * leader, and closing.
 */
class ShardWriterSpec :
    FunSpec({
        test("a write goes to the leader in a batch, and its caller gets the answer") {
            runTest {
                val h = harness()
                val write = caller { h.writer.execute(put("k")) }
                val stream = h.transport.writeStreams.receive()
                stream.address shouldBe "a:1"
                stream.sent.receive().keys() shouldContainExactly listOf("k")
                stream.answer(answer(7))
                write.await().version.versionId shouldBe 7
            }
        }

        test(
            "not leader before the first answer: the batch goes again, first, to the named leader"
        ) {
            runTest {
                val h = harness()
                val write = caller { h.writer.execute(put("k")) }
                val first = h.transport.writeStreams.receive()
                first.sent.receive()
                first.fail(notLeader(hint = "b:2"))
                val second = h.transport.writeStreams.receive()
                second.address shouldBe "b:2"
                second.sent.receive().keys() shouldContainExactly listOf("k")
                second.answer(answer(8))
                write.await().version.versionId shouldBe 8
            }
        }

        test("no connection at all: the batch goes again on the next stream") {
            runTest {
                val h = harness()
                val write = caller { h.writer.execute(put("k")) }
                val first = h.transport.writeStreams.receive()
                first.sent.receive()
                first.fail(Status.UNAVAILABLE.withCause(ConnectException("refused")).asException())
                val second = h.transport.writeStreams.receive()
                second.sent.receive().keys() shouldContainExactly listOf("k")
                second.answer(answer(9))
                write.await().version.versionId shouldBe 9
            }
        }

        test("not leader after an answer: the unanswered batch fails as outcome unknown") {
            runTest {
                val h = harness()
                val first = caller { h.writer.execute(put("a")) }
                val stream = h.transport.writeStreams.receive()
                stream.sent.receive()
                stream.answer(answer(1))
                first.await()
                val second = caller { h.writer.execute(put("b")) }
                stream.sent.receive().keys() shouldContainExactly listOf("b")
                stream.fail(notLeader(hint = "b:2"))
                shouldThrow<OutcomeUnknownException> { second.await() }
                runCurrent()
                // Nothing is waiting: no stream carries the write again.
                h.transport.writeStreams.tryReceive().getOrNull().shouldBeNull()
            }
        }

        test("the stream breaks mid-batch after the leader may have taken it: outcome unknown") {
            runTest {
                val h = harness()
                val write = caller { h.writer.execute(put("k")) }
                val stream = h.transport.writeStreams.receive()
                stream.sent.receive()
                stream.fail(Status.UNAVAILABLE, "connection reset")
                shouldThrow<OutcomeUnknownException> { write.await() }
            }
        }

        test(
            "a new shard map moves the leader mid-batch: the stream is given up, outcome unknown"
        ) {
            runTest {
                val h = harness()
                val write = caller { h.writer.execute(put("k")) }
                val stream = h.transport.writeStreams.receive()
                stream.sent.receive()
                h.assignments.answer(shardMap("b:2"))
                shouldThrow<OutcomeUnknownException> { write.await() }
                stream.cancelled.shouldBeTrue()
                val next = caller { h.writer.execute(put("n")) }
                val moved = h.transport.writeStreams.receive()
                moved.address shouldBe "b:2"
                moved.sent.receive().keys() shouldContainExactly listOf("n")
                moved.answer(answer(2))
                next.await().version.versionId shouldBe 2
            }
        }

        test("a leader that answers nothing for the request timeout is suspected, writes unknown") {
            runTest {
                // The stall clock reads the real clock: a short timeout keeps the spec quick.
                val h = harness(requestTimeoutMs = 200)
                val write = caller { h.writer.execute(put("k")) }
                val stream = h.transport.writeStreams.receive()
                stream.sent.receive()
                shouldThrow<OutcomeUnknownException> { write.await() }
                stream.cancelled.shouldBeTrue()
                // Suspected: the shard-map stream from that server is left for a new one.
                h.assignments.cancelled.await()
                h.transport.assignmentCalls.receive().address shouldBe "a:1"
            }
        }

        test("closing the client fails the writes in flight with ClientClosedException") {
            runTest {
                val h = harness()
                val write = caller { h.writer.execute(put("k")) }
                val stream = h.transport.writeStreams.receive()
                stream.sent.receive()
                h.writerScope.cancel()
                shouldThrow<ClientClosedException> { write.await() }
                stream.cancelled.shouldBeTrue()
            }
        }
    })

private class WriterHarness(
    val transport: FakeTransport,
    val assignments: FakeServerStream<ShardAssignments>,
    val writerScope: CoroutineScope,
    val writer: ShardWriter,
)

private suspend fun TestScope.harness(requestTimeoutMs: Long = 2_000): WriterHarness {
    val config = fakeConfig { requestTimeout = requestTimeoutMs.milliseconds }
    val transport = FakeTransport()
    val (watcher, assignments) = watching(config, transport, backgroundScope, shardMap("a:1"))
    val scope =
        CoroutineScope(backgroundScope.coroutineContext + Job(backgroundScope.coroutineContext.job))
    val writer = ShardWriter(0, config, ShardRpc(transport, watcher), scope)
    return WriterHarness(transport, assignments, scope, writer)
}

/** A caller whose failure is its own, not the test's. */
private fun <T> TestScope.caller(block: suspend () -> T): Deferred<T> =
    async(SupervisorJob()) { block() }

private fun put(key: String) =
    PendingPut(PutRequest.newBuilder().setKey(key).setValue(ByteString.copyFromUtf8("v")).build())

private fun WriteRequest.keys(): List<String> = putsList.map { it.key }

private fun answer(version: Long): WriteResponse =
    WriteResponse.newBuilder()
        .addPuts(
            PutResponse.newBuilder()
                .setVersion(io.oxia.coroutines.proto.Version.newBuilder().setVersionId(version))
        )
        .build()
