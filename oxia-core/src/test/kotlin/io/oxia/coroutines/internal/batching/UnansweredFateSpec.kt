package io.oxia.coroutines.internal.batching

import io.grpc.Status
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.types.shouldBeInstanceOf
import io.kotest.matchers.types.shouldBeSameInstanceAs
import io.oxia.coroutines.InvalidArgumentException
import io.oxia.coroutines.NamespaceNotFoundException
import io.oxia.coroutines.OutcomeUnknownException
import io.oxia.coroutines.OxiaException
import io.oxia.coroutines.ServerException
import io.oxia.coroutines.UnauthenticatedException
import io.oxia.coroutines.internal.transport.RetryableException
import io.oxia.coroutines.internal.transport.canonicalFailure
import io.oxia.coroutines.internal.transport.legacyFailure
import java.net.ConnectException
import kotlin.reflect.KClass

/**
 * The rule between sending a broken write stream's unanswered writes again and failing them, over
 * every kind of failure, for a stream that was never answered (one batch, which a refusal is about)
 * and one that was (several batches, some maybe applied).
 */
class UnansweredFateSpec :
    FunSpec({
        class Case(
            val name: String,
            val failure: Throwable,
            val neverAnswered: KClass<*>?,
            val answered: KClass<*>?,
        ) {
            override fun toString() = name
        }

        val resend = null
        val unknown = OutcomeUnknownException::class
        val cases =
            listOf(
                Case(
                    "not leader (v0.14 message)",
                    legacyFailure("oxia: node is not leader"),
                    resend,
                    unknown,
                ),
                Case(
                    "not leader (canonical)",
                    canonicalFailure(Status.Code.ABORTED, "NODE_IS_NOT_LEADER"),
                    resend,
                    unknown,
                ),
                Case(
                    "not a member of the shard",
                    legacyFailure("oxia: node is not member"),
                    resend,
                    unknown,
                ),
                Case(
                    "shard not found (a split)",
                    legacyFailure("oxia: shard not found"),
                    resend,
                    unknown,
                ),
                Case(
                    "not initialized yet",
                    legacyFailure("oxia: server not initialized yet"),
                    resend,
                    unknown,
                ),
                // Only the description tells "not initialized" from the other not-ready states,
                // some
                // of which come after a write was appended: without it, the outcome stays unknown.
                Case(
                    "not ready, reason only",
                    canonicalFailure(Status.Code.UNAVAILABLE, "NOT_INITIALIZED"),
                    unknown,
                    unknown,
                ),
                Case(
                    "no connection was ever made",
                    Status.UNAVAILABLE.withCause(ConnectException("refused")).asException(),
                    resend,
                    unknown,
                ),
                Case(
                    "connection lost",
                    Status.UNAVAILABLE.withDescription("io").asException(),
                    unknown,
                    unknown,
                ),
                Case(
                    "channel closed under the call",
                    Status.UNKNOWN.withDescription("channel closed").asException(),
                    unknown,
                    unknown,
                ),
                Case(
                    "fenced for a new term",
                    legacyFailure(
                        "Received message in the wrong state. In FENCED, should be LEADER."
                    ),
                    unknown,
                    unknown,
                ),
                Case(
                    "leader closing",
                    legacyFailure("oxia: resource is already closed"),
                    unknown,
                    unknown,
                ),
                Case("invalid status", legacyFailure("oxia: invalid status"), unknown, unknown),
                Case(
                    "session not found",
                    legacyFailure("oxia: session not found"),
                    unknown,
                    unknown,
                ),
                Case(
                    "notifications disabled",
                    legacyFailure("oxia: notifications not enabled"),
                    unknown,
                    unknown,
                ),
                Case(
                    "any other server error",
                    legacyFailure("oxia: failed to append to wal"),
                    unknown,
                    unknown,
                ),
                Case(
                    "refused sequential put",
                    canonicalFailure(Status.Code.INVALID_ARGUMENT, "SEQUENCE_DELTA_IS_ZERO"),
                    unknown,
                    unknown,
                ),
                Case(
                    "namespace not found",
                    legacyFailure("oxia: namespace not found"),
                    NamespaceNotFoundException::class,
                    NamespaceNotFoundException::class,
                ),
                Case(
                    "credentials refused",
                    Status.UNAUTHENTICATED.asException(),
                    UnauthenticatedException::class,
                    UnauthenticatedException::class,
                ),
                Case(
                    "invalid argument",
                    Status.INVALID_ARGUMENT.withDescription("bad").asException(),
                    InvalidArgumentException::class,
                    InvalidArgumentException::class,
                ),
                Case(
                    "service unknown to the server",
                    Status.UNIMPLEMENTED.asException(),
                    ServerException::class,
                    ServerException::class,
                ),
                Case(
                    "the leader moved (the while-leader guard)",
                    RetryableException("the leader moved"),
                    unknown,
                    unknown,
                ),
                Case(
                    "the leader stalled (the stall watchdog)",
                    RetryableException("answered nothing"),
                    unknown,
                    unknown,
                ),
                Case(
                    "the server closed the stream cleanly",
                    RetryableException("closed the write stream"),
                    unknown,
                    unknown,
                ),
                Case(
                    "the server answered a write not sent",
                    ServerException("answered a write that was not sent"),
                    unknown,
                    unknown,
                ),
            )

        fun verdict(fate: UnansweredFate): KClass<*>? =
            when (fate) {
                UnansweredFate.Resend -> null
                is UnansweredFate.Fail -> fate.cause::class
            }

        context("a stream that was never answered") {
            for (case in cases) {
                test(case.name) {
                    verdict(UnansweredFate.of(case.failure, 0, 7, "ns")) shouldBe case.neverAnswered
                }
            }
        }

        context("a stream that was answered at least once") {
            for (case in cases) {
                test(case.name) {
                    verdict(UnansweredFate.of(case.failure, 1, 7, "ns")) shouldBe case.answered
                    verdict(UnansweredFate.of(case.failure, 42, 7, "ns")) shouldBe case.answered
                }
            }
        }

        test("an unknown outcome names the shard and keeps the gRPC status, not internal types") {
            val status = legacyFailure("oxia: resource is already closed")
            val fate =
                UnansweredFate.of(status, 3, 7, "ns").shouldBeInstanceOf<UnansweredFate.Fail>()
            fate.cause.shouldBeInstanceOf<OutcomeUnknownException>()
            fate.cause.message!!.contains("shard 7") shouldBe true
            fate.cause.cause shouldBeSameInstanceAs status
            val moved = RetryableException("the leader moved")
            val internal = UnansweredFate.of(moved, 0, 7, "ns") as UnansweredFate.Fail
            internal.cause.cause shouldBe null
        }

        test("a rejection names the namespace") {
            val fate = UnansweredFate.of(legacyFailure("oxia: namespace not found"), 0, 7, "orders")
            ((fate as UnansweredFate.Fail).cause as OxiaException)
                .message!!
                .contains("orders") shouldBe true
        }
    })
