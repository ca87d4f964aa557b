package io.oxia.coroutines.internal.routing

import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.oxia.coroutines.internal.transport.FakeTransport
import io.oxia.coroutines.internal.transport.RetryableException
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.SupervisorJob
import kotlinx.coroutines.async
import kotlinx.coroutines.test.runCurrent
import kotlinx.coroutines.test.runTest

/**
 * Where a shard's calls go, against a fake transport in virtual time: the leader of the current
 * map, a leader named by the server until the next map, the wait for an election, a shard that a
 * split removed, and the while-leader guard that gives up a call when the leader moves.
 */
class ShardRpcSpec :
    FunSpec({
        test("the leader comes from the current map; a named leader holds until the next map") {
            runTest {
                val transport = FakeTransport()
                val (watcher, stream) =
                    watching(fakeConfig(), transport, backgroundScope, shardMap("a:1", "b:2"))
                val rpc = ShardRpc(transport, watcher)
                rpc.leaderOf(1) shouldBe "b:2"
                rpc.noteLeaderHint(1, "c:3")
                rpc.leaderOf(1) shouldBe "c:3"
                rpc.leaderOf(0) shouldBe "a:1"
                stream.answer(shardMap("a:1", "d:4"))
                runCurrent()
                rpc.leaderOf(1) shouldBe "d:4"
            }
        }

        test("a shard without a leader is waited for until the next map names one") {
            runTest {
                val transport = FakeTransport()
                val (watcher, stream) =
                    watching(fakeConfig(), transport, backgroundScope, shardMap(""))
                val rpc = ShardRpc(transport, watcher)
                val leader = async { rpc.leaderOf(0) }
                runCurrent()
                leader.isCompleted shouldBe false
                stream.answer(shardMap("b:2"))
                leader.await() shouldBe "b:2"
            }
        }

        test("a shard the map no longer holds, or still without a leader, is routed again") {
            runTest {
                val transport = FakeTransport()
                val (watcher, stream) =
                    watching(fakeConfig(), transport, backgroundScope, shardMap(""))
                val rpc = ShardRpc(transport, watcher)
                shouldThrow<RetryableException> { rpc.leaderOf(5) }
                val leader = async(SupervisorJob()) { rpc.leaderOf(0) }
                runCurrent()
                stream.answer(shardMap(""))
                shouldThrow<RetryableException> { leader.await() }
            }
        }

        test("a call is given up when a new map moves its shard's leader, not for other changes") {
            runTest {
                val transport = FakeTransport()
                val (watcher, stream) =
                    watching(fakeConfig(), transport, backgroundScope, shardMap("a:1", "b:2"))
                val rpc = ShardRpc(transport, watcher)
                val release = CompletableDeferred<String>()
                val call = async(SupervisorJob()) { rpc.whileLeader(0, "a:1") { release.await() } }
                runCurrent()
                // Shard 1 moves: the call to shard 0's leader goes on.
                stream.answer(shardMap("a:1", "c:3"))
                runCurrent()
                call.isCompleted shouldBe false
                stream.answer(shardMap("d:4", "c:3"))
                shouldThrow<RetryableException> { call.await() }
                val next = async { rpc.whileLeader(0, "d:4") { release.await() } }
                release.complete("answered")
                next.await() shouldBe "answered"
            }
        }

        test("checkOpen fails once the transport is closed") {
            runTest {
                val transport = FakeTransport()
                val (watcher, _) =
                    watching(fakeConfig(), transport, backgroundScope, shardMap("a:1"))
                val rpc = ShardRpc(transport, watcher)
                rpc.checkOpen()
                transport.close()
                shouldThrow<io.oxia.coroutines.ClientClosedException> { rpc.checkOpen() }
            }
        }
    })
