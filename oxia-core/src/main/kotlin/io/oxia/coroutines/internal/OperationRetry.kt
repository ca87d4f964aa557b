package io.oxia.coroutines.internal

import io.oxia.coroutines.OxiaTimeoutException
import io.oxia.coroutines.internal.batching.OperationTimedOut
import io.oxia.coroutines.internal.observability.ClientLogs
import io.oxia.coroutines.internal.observability.ClientMetrics
import io.oxia.coroutines.internal.observability.OperationSpan
import io.oxia.coroutines.internal.retry.Backoff
import io.oxia.coroutines.internal.routing.NoShardForKeyException
import io.oxia.coroutines.internal.transport.RetryableException
import io.oxia.coroutines.internal.transport.publicCause
import kotlin.time.Duration
import kotlin.time.Duration.Companion.nanoseconds
import kotlinx.coroutines.TimeoutCancellationException
import kotlinx.coroutines.currentCoroutineContext
import kotlinx.coroutines.delay
import kotlinx.coroutines.ensureActive
import kotlinx.coroutines.withTimeout

/**
 * Runs an operation's attempts until one succeeds or fails for good, backing off after each
 * retryable failure, all before a deadline [timeout] after the start. A routing failure (a gap in
 * the shard map during a split) is retryable too. A failure that names the shard's new leader (a
 * not-leader answer with a leader hint) is retried at once, the first time: the hint is news, not a
 * sign of trouble; a second one backs off, so that servers that disagree cannot spin the loop. An
 * operation's own timeout (from its options) only moves its deadline: the same sweeper fails it,
 * with no timer of its own.
 *
 * The deadline is not a `withTimeout` around the loop, which would cost more than the rest of a
 * get: each attempt hands it to its pending operation (see
 * [io.oxia.coroutines.internal.batching.OperationTimeouts]) and bounds its other waits with
 * [bounded].
 */
internal class OperationRetry(
    private val timeout: Duration,
    private val backoff: Backoff,
    // Not private, as [checkOpen]: the inline [run] calls it.
    val metrics: ClientMetrics?,
    // Not private: the inline [run] calls it from its callers' code.
    val checkOpen: () -> Unit,
) {
    /**
     * Runs [attempt] with the deadline, in [System.nanoTime] terms: [ownTimeout] (the operation's
     * own, from its options) or the client's from now. The description, `<operation> '<subject>'`,
     * is only built for a timeout.
     *
     * Inline, so that the attempt is no lambda object and no extra coroutine frame per operation:
     * the loop becomes part of the calling operation's own state machine.
     *
     * @throws OxiaTimeoutException when the deadline passes first.
     */
    suspend inline fun <T> run(
        operation: String,
        subject: String,
        ownTimeout: Duration?,
        attempt: (Long) -> T,
    ): T {
        val deadline = deadlineFromNow(ownTimeout)
        var lastFailure: Throwable? = null
        var attempts = 0
        var hintFollowed = false
        try {
            while (true) {
                checkOpen()
                try {
                    return attempt(deadline)
                } catch (e: RetryableException) {
                    lastFailure = e
                    if (e.failure?.leaderHint != null && !hintFollowed) {
                        hintFollowed = true
                        noteRetryTelemetry(operation, e)
                        continue
                    }
                } catch (e: NoShardForKeyException) {
                    lastFailure = e
                }
                noteRetry(operation, attempts, lastFailure)
                noteRetryTelemetry(operation, lastFailure)
                backOff(attempts++, deadline)
            }
        } catch (e: OperationTimedOut) {
            throw timedOut(operation, subject, ownTimeout, lastFailure)
        } catch (e: TimeoutCancellationException) {
            currentCoroutineContext().ensureActive()
            throw timedOut(operation, subject, ownTimeout, lastFailure)
        }
    }

    /**
     * The deadline of an operation that starts now with [ownTimeout] (the client's when `null`), in
     * [System.nanoTime] terms.
     */
    fun deadlineFromNow(ownTimeout: Duration? = null): Long =
        System.nanoTime() + (ownTimeout ?: timeout).inWholeNanoseconds

    /**
     * Waits before attempt number [attempts] + 1, no later than [deadline].
     *
     * @throws OperationTimedOut when the deadline has passed, or passes meanwhile.
     */
    suspend fun backOff(attempts: Int, deadline: Long) {
        val left = deadline - System.nanoTime()
        if (left <= 0) throw OperationTimedOut
        delay(minOf(backoff.delayFor(attempts), left.nanoseconds))
        if (System.nanoTime() - deadline >= 0) throw OperationTimedOut
    }

    /** Logs at DEBUG that [operation] failed its attempt number [attempts] + 1 and goes again. */
    fun noteRetry(operation: String, attempts: Int, failure: Throwable?) {
        val log = ClientLogs.retries
        if (!log.isDebugEnabled) return
        // The failure's kind, not its message: messages may name the key.
        val why = (failure as? RetryableException)?.failure ?: failure?.javaClass?.simpleName
        log.debug("{}: attempt {} failed ({}); retrying", operation, attempts + 1, why)
    }

    /**
     * Counts the retry of [operation] after [failure], and tells the operation's span; nothing
     * without metrics or a span.
     */
    suspend fun noteRetryTelemetry(operation: String, failure: Throwable?) {
        val span = currentCoroutineContext()[OperationSpan]
        if (metrics == null && span == null) return
        val cause =
            when (failure) {
                is RetryableException -> failure.failure?.label ?: "retryable"
                is NoShardForKeyException -> "no_shard"
                else -> "other"
            }
        // deleteRange is delete-range, as the official clients name it.
        metrics?.retried(operation.replace(CAMEL_HUMP, "$1-$2").lowercase(), cause)
        span?.retried(cause)
    }

    /** The error of an operation that ran out of time, with its last retryable failure. */
    fun timedOut(
        operation: String,
        subject: String,
        ownTimeout: Duration?,
        lastFailure: Throwable?,
    ) =
        OxiaTimeoutException(
            "$operation '$subject' did not complete within ${ownTimeout ?: timeout}" +
                (lastFailure?.let { "; last failure: ${it.message}" } ?: ""),
            lastFailure?.publicCause(),
        )
}

private val CAMEL_HUMP = Regex("([a-z])([A-Z])")

/** Runs [block], a wait that is not a pending operation's, until [deadline] at most. */
internal suspend fun <T> bounded(deadline: Long, block: suspend () -> T): T =
    withTimeout((deadline - System.nanoTime()).nanoseconds) { block() }
