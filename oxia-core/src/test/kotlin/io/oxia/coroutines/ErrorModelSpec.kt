package io.oxia.coroutines

import io.grpc.Status
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.types.shouldBeSameInstanceAs
import io.oxia.coroutines.internal.transport.RetryableException
import io.oxia.coroutines.internal.transport.RpcFailure
import io.oxia.coroutines.internal.transport.publicCause
import kotlin.reflect.KVisibility
import kotlin.reflect.full.primaryConstructor

/**
 * The error model users program against: which failures are worth another attempt, constructors a
 * user's fake can call, and no internal type below a public exception.
 */
class ErrorModelSpec :
    FunSpec({
        val grpc = Status.UNAVAILABLE.withDescription("connection refused").asException()

        test("every kind says whether another attempt of the same call may succeed") {
            val retryable =
                mapOf(
                    UnexpectedVersionException("k", 3) to false,
                    KeyAlreadyExistsException("k") to false,
                    SessionNotFoundException("gone") to true,
                    OxiaTimeoutException("slow") to true,
                    UnavailableException("down", grpc) to true,
                    OutcomeUnknownException("lost") to true,
                    UnauthenticatedException("refused") to false,
                    InvalidArgumentException("bad") to false,
                    NamespaceNotFoundException("ns") to false,
                    NotificationsDisabledException("ns") to false,
                    ClientClosedException() to false,
                    ServerException("odd", grpc) to false,
                )
            retryable.forEach { (e, expected) ->
                (e::class.simpleName to e.isRetryable) shouldBe (e::class.simpleName to expected)
            }
        }

        test("every concrete kind in the public package has a public constructor") {
            val kinds =
                listOf(
                    UnexpectedVersionException::class,
                    KeyAlreadyExistsException::class,
                    SessionNotFoundException::class,
                    OxiaTimeoutException::class,
                    UnavailableException::class,
                    OutcomeUnknownException::class,
                    UnauthenticatedException::class,
                    InvalidArgumentException::class,
                    NamespaceNotFoundException::class,
                    NotificationsDisabledException::class,
                    ClientClosedException::class,
                    ServerException::class,
                )
            kinds.forEach {
                (it.simpleName to it.primaryConstructor?.visibility) shouldBe
                    (it.simpleName to KVisibility.PUBLIC)
            }
        }

        test("an exception's fields are kept as a fake gives them") {
            val e = UnexpectedVersionException("/k", 7)
            e.key shouldBe "/k"
            e.expectedVersionId shouldBe 7
            NamespaceNotFoundException("orders", grpc).cause shouldBeSameInstanceAs grpc
            ClientClosedException().message shouldBe "the Oxia client is closed"
        }

        test("the public cause of an internal failure is the gRPC failure below it") {
            val retry = RetryableException("attempt failed", RpcFailure.of(grpc))
            retry.publicCause() shouldBeSameInstanceAs grpc
            RetryableException("shard 3 has no leader yet").publicCause() shouldBe null
            grpc.publicCause() shouldBeSameInstanceAs grpc
        }
    })
