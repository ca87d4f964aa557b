package io.oxia.coroutines.internal.transport

import com.google.protobuf.Any
import com.google.rpc.ErrorInfo
import io.grpc.Status
import io.grpc.protobuf.StatusProto
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.nulls.shouldBeNull
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.types.shouldBeInstanceOf
import io.oxia.coroutines.InvalidArgumentException
import io.oxia.coroutines.NamespaceNotFoundException
import io.oxia.coroutines.NotificationsDisabledException
import io.oxia.coroutines.SessionNotFoundException
import io.oxia.coroutines.UnavailableException

/**
 * How both server error styles are classified: v0.14–v0.16 custom codes and v0.17+ canonical codes
 * with ErrorInfo.
 */
class RpcFailureSpec :
    FunSpec({
        fun legacy(message: String) = Status.UNKNOWN.withDescription(message).asException()

        fun canonical(
            code: Status.Code,
            reason: String,
            metadata: Map<String, String> = emptyMap(),
        ) =
            StatusProto.toStatusException(
                com.google.rpc.Status.newBuilder()
                    .setCode(code.value())
                    .setMessage("oxia: $reason")
                    .addDetails(
                        Any.pack(
                            ErrorInfo.newBuilder()
                                .setDomain("oxia.io")
                                .setReason(reason)
                                .putAllMetadata(metadata)
                                .build()
                        )
                    )
                    .build()
            )

        test("custom numeric codes arrive as UNKNOWN and are recognised by their message") {
            RpcFailure.of(legacy("oxia: node is not leader for shard"))!!.kind shouldBe
                OxiaErrorKind.NOT_LEADER
            RpcFailure.of(legacy("oxia: server not initialized yet"))!!.kind shouldBe
                OxiaErrorKind.NOT_READY
            // Seen from a v0.15 follower being fenced while a read arrived.
            RpcFailure.of(
                    legacy("Received message in the wrong state. In FENCED, should be LEADER.")
                )!!
                .kind shouldBe OxiaErrorKind.NOT_READY
            RpcFailure.of(legacy("oxia: session not found"))!!.kind shouldBe
                OxiaErrorKind.SESSION_NOT_FOUND
            RpcFailure.of(legacy("oxia: namespace not found"))!!.kind shouldBe
                OxiaErrorKind.NAMESPACE_NOT_FOUND
            RpcFailure.of(legacy("oxia: notifications not enabled on namespace"))!!.kind shouldBe
                OxiaErrorKind.NOTIFICATIONS_NOT_ENABLED
            RpcFailure.of(legacy("something else"))!!.kind shouldBe OxiaErrorKind.OTHER
        }

        test("canonical codes with an ErrorInfo: not-leader carries the new leader as a hint") {
            val failure =
                RpcFailure.of(
                    canonical(
                        Status.Code.ABORTED,
                        "NODE_IS_NOT_LEADER",
                        mapOf("leader" to "10.0.0.2:6648"),
                    )
                )!!
            failure.kind shouldBe OxiaErrorKind.NOT_LEADER
            failure.retryable shouldBe true
            failure.leaderHint shouldBe "10.0.0.2:6648"
            RpcFailure.of(canonical(Status.Code.NOT_FOUND, "SESSION_NOT_FOUND"))!!.kind shouldBe
                OxiaErrorKind.SESSION_NOT_FOUND
            RpcFailure.of(canonical(Status.Code.UNAVAILABLE, "NOT_INITIALIZED"))!!.kind shouldBe
                OxiaErrorKind.NOT_READY
            RpcFailure.of(canonical(Status.Code.UNAUTHENTICATED, "UNAUTHENTICATED"))!!.kind shouldBe
                OxiaErrorKind.UNAUTHENTICATED
        }

        test("plain transport failures are retryable connection errors without a hint") {
            val failure =
                RpcFailure.of(Status.UNAVAILABLE.withDescription("io exception").asException())!!
            failure.kind shouldBe OxiaErrorKind.CONNECTION
            failure.retryable shouldBe true
            failure.leaderHint.shouldBeNull()
            RpcFailure.of(IllegalStateException("not grpc")).shouldBeNull()
        }

        test("a connection closed under a call is a retryable connection failure") {
            // What grpc-netty reports (Utils.statusFromThrowable) when the server dies mid-call.
            val closed =
                Status.UNKNOWN.withDescription("channel closed")
                    .withCause(java.nio.channels.ClosedChannelException())
                    .asRuntimeException()
            val failure = RpcFailure.of(closed)!!
            failure.kind shouldBe OxiaErrorKind.CONNECTION
            failure.retryable shouldBe true
            RpcFailure.of(Status.UNKNOWN.withDescription("channel closed").asException())!!
                .kind shouldBe OxiaErrorKind.CONNECTION
            RpcFailure.of(
                    Status.UNKNOWN.withCause(
                            java.io.IOException(java.nio.channels.ClosedChannelException())
                        )
                        .asException()
                )!!
                .kind shouldBe OxiaErrorKind.CONNECTION
            // The same cause under another code keeps that code's meaning.
            RpcFailure.of(
                    Status.INTERNAL.withCause(java.nio.channels.ClosedChannelException())
                        .asException()
                )!!
                .kind shouldBe OxiaErrorKind.OTHER
        }

        test("a sequential put the server cannot apply is a refusal with the server's reason") {
            val reasons =
                listOf(
                    "oxia: sequential key operation missing some sequence deltas",
                    "oxia: sequential key operation requires first delta do be > 0",
                    "oxia: sequential key operation requires partition key",
                )
            for (reason in reasons) {
                val failure = RpcFailure.of(legacy("oxia db: failed to apply batch: $reason"))!!
                failure.refusedSequentialPut shouldBe true
                failure.kind shouldBe OxiaErrorKind.INVALID_ARGUMENT
                val e = failure.toOxiaException("ns")
                e.shouldBeInstanceOf<InvalidArgumentException>()
                e.message!! shouldContain reason
            }
            for (reason in
                listOf(
                    "MISSING_SEQUENCE_DELTAS",
                    "SEQUENCE_DELTA_IS_ZERO",
                    "MISSING_PARTITION_KEY",
                )) {
                RpcFailure.of(canonical(Status.Code.INVALID_ARGUMENT, reason))!!
                    .refusedSequentialPut shouldBe true
            }
            RpcFailure.of(legacy("oxia: node is not leader for shard"))!!
                .refusedSequentialPut shouldBe false
            // The server answers a sequential put with an expected version per put, in the batch.
            RpcFailure.of(legacy("oxia: bad version id"))!!.refusedSequentialPut shouldBe false
            RpcFailure.of(Status.UNAVAILABLE.asException())!!.refusedSequentialPut shouldBe false
        }

        test("failures become the typed public exceptions, with the gRPC failure as cause") {
            RpcFailure.of(legacy("oxia: namespace not found"))!!.toOxiaException("ns")
                .shouldBeInstanceOf<NamespaceNotFoundException>()
            RpcFailure.of(legacy("oxia: session not found"))!!.toOxiaException("ns")
                .shouldBeInstanceOf<SessionNotFoundException>()
            RpcFailure.of(legacy("oxia: notifications not enabled on namespace"))!!.toOxiaException(
                    "ns"
                )
                .shouldBeInstanceOf<NotificationsDisabledException>()
                .namespace shouldBe "ns"
            val wrongAddress =
                Status.PERMISSION_DENIED.withDescription(
                        "oxia: unexpected authority \"localhost:1\""
                    )
                    .asException()
            RpcFailure.of(wrongAddress)!!.kind shouldBe OxiaErrorKind.UNKNOWN_AUTHORITY
            RpcFailure.of(wrongAddress)!!.toOxiaException("ns")
                .shouldBeInstanceOf<InvalidArgumentException>()
                .message shouldContain "does not answer to the address the client dialled"
            val unavailable =
                RpcFailure.of(legacy("oxia: node is not leader for shard"))!!.toOxiaException("ns")
            unavailable.shouldBeInstanceOf<UnavailableException>()
            unavailable.cause.shouldBeInstanceOf<io.grpc.StatusException>()
        }
    })
