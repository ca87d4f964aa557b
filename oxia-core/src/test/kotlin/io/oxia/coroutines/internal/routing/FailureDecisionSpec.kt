package io.oxia.coroutines.internal.routing

import io.grpc.Status
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.types.shouldBeSameInstanceAs
import io.oxia.coroutines.NamespaceNotFoundException
import io.oxia.coroutines.UnauthenticatedException
import io.oxia.coroutines.internal.transport.FakeTransport
import io.oxia.coroutines.internal.transport.RetryableException
import io.oxia.coroutines.internal.transport.legacyFailure
import io.oxia.coroutines.internal.transport.notLeader
import kotlinx.coroutines.test.runTest

/**
 * The one decision on a failed call to a shard's leader ([retryableOrThrow]): retry, with the named
 * leader noted, or fail typed.
 */
class FailureDecisionSpec :
    FunSpec({
        suspend fun rpc(scope: kotlinx.coroutines.CoroutineScope): ShardRpc {
            val transport = FakeTransport()
            val (watcher, _) = watching(fakeConfig(), transport, scope, shardMap("a:1"))
            return ShardRpc(transport, watcher)
        }

        test("a not-leader answer is retried, on the leader it names") {
            runTest {
                val rpc = rpc(backgroundScope)
                val retry =
                    rpc.retryableOrThrow(0, notLeader("b:2"), "default", "read from shard 0")
                retry.message shouldContain "read from shard 0 failed"
                rpc.leaderOf(0) shouldBe "b:2"
            }
        }

        test("a lost connection is retried; a retryable failure passes as it is") {
            runTest {
                val rpc = rpc(backgroundScope)
                val lost = Status.UNAVAILABLE.withDescription("connection refused").asException()
                rpc.retryableOrThrow(0, lost, "default", "x").failure?.status?.code shouldBe
                    Status.Code.UNAVAILABLE
                val own = RetryableException("stalled")
                rpc.retryableOrThrow(0, own, "default", "x") shouldBeSameInstanceAs own
                rpc.leaderOf(0) shouldBe "a:1"
            }
        }

        test("a server's refusal fails typed; a failure that is not gRPC's is thrown as it is") {
            runTest {
                val rpc = rpc(backgroundScope)
                shouldThrow<NamespaceNotFoundException> {
                    rpc.retryableOrThrow(0, legacyFailure("oxia: namespace not found"), "ns", "x")
                }
                shouldThrow<UnauthenticatedException> {
                    rpc.retryableOrThrow(0, Status.UNAUTHENTICATED.asException(), "ns", "x")
                }
                val bug = IllegalStateException("bug")
                shouldThrow<IllegalStateException> {
                    rpc.retryableOrThrow(0, bug, "ns", "x")
                } shouldBeSameInstanceAs bug
            }
        }
    })
