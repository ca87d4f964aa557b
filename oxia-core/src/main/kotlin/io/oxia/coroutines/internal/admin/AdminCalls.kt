package io.oxia.coroutines.internal.admin

import io.grpc.CallOptions
import io.grpc.MethodDescriptor
import io.grpc.Status
import io.grpc.kotlin.ClientCalls
import io.oxia.coroutines.ClientClosedException
import io.oxia.coroutines.OutcomeUnknownException
import io.oxia.coroutines.OxiaClientBuilder
import io.oxia.coroutines.OxiaException
import io.oxia.coroutines.OxiaTimeoutException
import io.oxia.coroutines.admin.OxiaAdminConfig
import io.oxia.coroutines.internal.retry.Backoff
import io.oxia.coroutines.internal.transport.CallHeaders
import io.oxia.coroutines.internal.transport.ChannelPool
import io.oxia.coroutines.internal.transport.OxiaErrorKind
import io.oxia.coroutines.internal.transport.RpcFailure
import kotlin.time.Duration.Companion.seconds
import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.delay
import kotlinx.coroutines.withTimeoutOrNull

/**
 * Unary calls to the coordinator's admin service, each bounded by the request timeout. Reads are
 * retried after any retryable failure; changes only after failures that applied nothing (see
 * [safeToResend]), and fail with [OutcomeUnknownException] when their answer was lost.
 */
internal class AdminCalls(private val config: OxiaAdminConfig) {
    // The channel pool of the data client, configured for this one address.
    private val channels =
        ChannelPool(
            OxiaClientBuilder(config.adminAddress)
                .apply {
                    tls = config.tls
                    tokenProvider = config.tokenProvider
                    requestTimeout = config.requestTimeout
                }
                .build()
        )
    // The admin service reads no namespace header; only the token matters.
    private val headers = CallHeaders("", config.tokenProvider)
    private val backoff = Backoff(max = MAX_BACKOFF)

    /** Whether [close] was called. */
    val isClosed: Boolean
        get() = channels.isClosed

    /**
     * Calls [method] with [request] until it succeeds, fails for good or times out. [change] marks
     * a call that changes the cluster; [target] turns the coordinator's refusals into exceptions.
     */
    suspend fun <Q : Any, A : Any> call(
        method: MethodDescriptor<Q, A>,
        request: Q,
        change: Boolean,
        target: AdminTarget,
    ): A {
        val failures = ArrayDeque<Throwable>(1)
        return withTimeoutOrNull(config.requestTimeout) {
            attempts(method, request, change, target) {
                failures.clear()
                failures.add(it)
            }
        }
            ?: throw OxiaTimeoutException(
                "${method.bareMethodName} did not complete within ${config.requestTimeout}" +
                    (failures.firstOrNull()?.let { ": last failure ${RpcFailure.of(it) ?: it}" }
                        ?: ""),
                failures.firstOrNull(),
            )
    }

    private suspend fun <Q : Any, A : Any> attempts(
        method: MethodDescriptor<Q, A>,
        request: Q,
        change: Boolean,
        target: AdminTarget,
        retried: (Throwable) -> Unit,
    ): A {
        var attempt = 0
        while (true) {
            val failure =
                try {
                    return ClientCalls.unaryRpc(
                        channels.channel(config.adminAddress),
                        method,
                        request,
                        CallOptions.DEFAULT,
                        headers.forShard(null),
                    )
                } catch (e: CancellationException) {
                    throw e
                } catch (e: Exception) {
                    if (isClosed) throw ClientClosedException()
                    if (e is OxiaException) throw e
                    RpcFailure.of(e) ?: throw e
                }
            if (!failure.retryable) throw target.translate(failure)
            if (change && !safeToResend(failure)) {
                throw OutcomeUnknownException(
                    "the coordinator's answer to ${method.bareMethodName} was lost ($failure); " +
                        "read the state back to learn whether it was applied",
                    failure.cause,
                )
            }
            retried(failure.cause)
            delay(backoff.delayFor(attempt++))
        }
    }

    /**
     * The coordinator refused the call before changing anything (starting, not the leader, a lost
     * race with a concurrent configuration update), or no connection was ever made.
     */
    private fun safeToResend(failure: RpcFailure): Boolean =
        failure.neverConnected ||
            failure.kind == OxiaErrorKind.NOT_LEADER ||
            (failure.kind == OxiaErrorKind.NOT_READY && failure.status.code != Status.Code.UNKNOWN)

    /** Closes the connection, failing the calls on it with [ClientClosedException]. */
    suspend fun close() = channels.close()

    private companion object {
        val MAX_BACKOFF = 2.seconds
    }
}
