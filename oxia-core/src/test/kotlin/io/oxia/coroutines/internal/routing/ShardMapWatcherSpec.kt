package io.oxia.coroutines.internal.routing

import io.grpc.Status
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.nulls.shouldBeNull
import io.kotest.matchers.shouldBe
import io.kotest.matchers.types.shouldBeSameInstanceAs
import io.oxia.coroutines.NamespaceNotFoundException
import io.oxia.coroutines.OxiaTimeoutException
import io.oxia.coroutines.internal.transport.FakeTransport
import kotlin.time.Duration.Companion.seconds
import kotlinx.coroutines.async
import kotlinx.coroutines.test.advanceTimeBy
import kotlinx.coroutines.test.currentTime
import kotlinx.coroutines.test.runCurrent
import kotlinx.coroutines.test.runTest

/**
 * The shard-map watcher against a fake transport, in virtual time: each map published, reconnects
 * after a failure or a clean end rotating over the bootstrap addresses and the leaders it knows, a
 * silent or suspected server left for the next, and the typed failures of the first map.
 */
class ShardMapWatcherSpec :
    FunSpec({
        test("publishes the first map, then each change, and routes by them") {
            runTest {
                val transport = FakeTransport()
                val (watcher, stream) =
                    watching(fakeConfig(), transport, backgroundScope, shardMap("a:1"))
                val first = watcher.current.value!!
                first.shardById(0)!!.leader shouldBe "a:1"
                stream.answer(shardMap("b:2", "c:3"))
                watcher.awaitNewerThan(first).shards.map { it.leader } shouldBe listOf("b:2", "c:3")
            }
        }

        test("a failed stream is followed again after a backoff, from the next known server") {
            runTest {
                val transport = FakeTransport()
                val (watcher, stream) =
                    watching(fakeConfig(), transport, backgroundScope, shardMap("b:2"))
                val before = currentTime
                stream.fail(Status.UNAVAILABLE, "connection reset")
                val next = transport.assignmentCalls.receive()
                (currentTime - before > 0) shouldBe true
                // The bootstrap address first, then the leaders of the last map.
                next.address shouldBe "b:2"
                next.fail(Status.UNAVAILABLE, "connection refused")
                transport.assignmentCalls.receive().address shouldBe "a:1"
                // The map stays while the stream reconnects: operations keep routing.
                watcher.current.value!!.shardById(0)!!.leader shouldBe "b:2"
            }
        }

        test("a stream the server ends cleanly is followed again") {
            runTest {
                val transport = FakeTransport()
                val (watcher, stream) =
                    watching(fakeConfig(), transport, backgroundScope, shardMap("a:1"))
                stream.end()
                val next = transport.assignmentCalls.receive()
                next.answer(shardMap("b:2"))
                runCurrent()
                watcher.current.value!!.shardById(0)!!.leader shouldBe "b:2"
            }
        }

        test("a server that sends no map within the connect timeout is left for the next") {
            runTest {
                val transport = FakeTransport()
                val config = fakeConfig("a:1,d:4")
                val watcher = ShardMapWatcher(config, transport)
                watcher.start(backgroundScope)
                val silent = transport.assignmentCalls.receive()
                silent.address shouldBe "a:1"
                advanceTimeBy(config.connectTimeout + 1.seconds)
                silent.cancelled.isCompleted shouldBe true
                val next = transport.assignmentCalls.receive()
                next.address shouldBe "d:4"
                next.answer(shardMap("a:1"))
                watcher.awaitFirst().shardById(0)!!.leader shouldBe "a:1"
            }
        }

        test("a suspected server's stream is left at once") {
            runTest {
                val transport = FakeTransport()
                val (watcher, stream) =
                    watching(fakeConfig(), transport, backgroundScope, shardMap("a:1"))
                watcher.suspect("z:9")
                runCurrent()
                stream.cancelled.isCompleted shouldBe false
                watcher.suspect("a:1")
                stream.cancelled.await()
                transport.assignmentCalls.receive().address shouldBe "a:1"
            }
        }

        test("a map without the namespace fails the first wait with NamespaceNotFoundException") {
            runTest {
                val transport = FakeTransport()
                val watcher = ShardMapWatcher(fakeConfig(), transport)
                watcher.start(backgroundScope)
                val waiting = async { runCatching { watcher.awaitFirst() } }
                transport.assignmentCalls.receive().answer(shardMap("a:1", namespace = "other"))
                shouldThrow<NamespaceNotFoundException> { waiting.await().getOrThrow() }
                watcher.current.value.shouldBeNull()
            }
        }

        test("no map within the connect timeout fails the first wait, naming the last failure") {
            runTest {
                val transport = FakeTransport()
                val config = fakeConfig()
                val watcher = ShardMapWatcher(config, transport)
                watcher.start(backgroundScope)
                val waiting = async { runCatching { watcher.awaitFirst() } }
                transport.assignmentCalls.receive().fail(Status.UNAVAILABLE, "connection refused")
                val failure = waiting.await().exceptionOrNull()!!
                (failure is OxiaTimeoutException) shouldBe true
                failure.message!!.contains("connection refused") shouldBe true
            }
        }

        test("a map that arrives while a caller waits for a newer one wakes it") {
            runTest {
                val transport = FakeTransport()
                val (watcher, stream) =
                    watching(fakeConfig(), transport, backgroundScope, shardMap("a:1"))
                val seen = watcher.current.value
                val newer = async { watcher.awaitNewerThan(seen) }
                runCurrent()
                newer.isCompleted shouldBe false
                stream.answer(shardMap("b:2"))
                newer.await() shouldBeSameInstanceAs watcher.current.value
            }
        }
    })
