package io.oxia.coroutines.internal.session

import io.oxia.coroutines.OxiaClientConfig
import io.oxia.coroutines.internal.transport.OxiaErrorKind
import io.oxia.coroutines.internal.transport.RpcFailure
import kotlin.time.Duration
import kotlin.time.Duration.Companion.milliseconds
import kotlin.time.Duration.Companion.seconds
import kotlin.time.TimeSource
import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.Job
import kotlinx.coroutines.NonCancellable
import kotlinx.coroutines.delay
import kotlinx.coroutines.withContext
import kotlinx.coroutines.withTimeoutOrNull

/** One session of the client on one shard, and the coroutine that keeps it alive. */
internal class Session(val shardId: Long, val id: Long) {
    /** The heartbeat coroutine, once started. */
    var heartbeat: Job? = null
}

/**
 * What keeps a session alive and ends it: heartbeats every max(timeout/10, 2 s), at most a third of
 * the timeout, until the server says the session is gone or has not answered for the session
 * timeout ([onExpired] is told then), and the close on the server.
 */
internal class SessionKeepAlive(
    private val config: OxiaClientConfig,
    private val calls: SessionCalls,
    private val timeSource: TimeSource,
    private val onExpired: suspend (shardId: Long, sessionId: Long) -> Unit,
) {
    // At the minimum timeout of 2 s a heartbeat every 2 s would let the session lapse between two.
    private val interval: Duration =
        minOf(maxOf(config.sessionTimeout / 10, 2.seconds), config.sessionTimeout / 3)

    /** Sends [session]'s heartbeats until it expires; runs until cancelled otherwise. */
    suspend fun run(session: Session) {
        var lastAnswered = timeSource.markNow()
        while (true) {
            delay(interval)
            try {
                withTimeoutOrNull(interval) {
                    calls.keepAlive(session.shardId, session.id)
                    lastAnswered = timeSource.markNow()
                }
            } catch (e: CancellationException) {
                throw e
            } catch (e: Exception) {
                if (RpcFailure.of(e)?.kind == OxiaErrorKind.SESSION_NOT_FOUND)
                    return onExpired(session.shardId, session.id)
            }
            if (lastAnswered.elapsedNow() > config.sessionTimeout) {
                // The server has given up on the session by now, or would soon: heartbeats that
                // reached it too slowly to be seen here may have kept it alive, so it is closed
                // too, and its records cannot outlive the EXPIRED event by more than the close.
                onExpired(session.shardId, session.id)
                close(session)
                return
            }
        }
    }

    /**
     * Asks the server to close [session] and delete its ephemeral records, again until
     * [CLOSE_TIMEOUT] (a session left open keeps its records until it expires, long after the
     * client said it closed), even when the caller is being cancelled; when that fails the server
     * expires the session by itself once heartbeats stop.
     */
    suspend fun close(session: Session) {
        withContext(NonCancellable) {
            withTimeoutOrNull(CLOSE_TIMEOUT) {
                while (true) {
                    try {
                        return@withTimeoutOrNull calls.close(session.shardId, session.id)
                    } catch (e: Exception) {
                        if (RpcFailure.of(e)?.kind == OxiaErrorKind.SESSION_NOT_FOUND)
                            return@withTimeoutOrNull
                    }
                    delay(CLOSE_RETRY_DELAY)
                }
            }
        }
    }

    private companion object {
        val CLOSE_TIMEOUT = 5.seconds
        val CLOSE_RETRY_DELAY = 100.milliseconds
    }
}
