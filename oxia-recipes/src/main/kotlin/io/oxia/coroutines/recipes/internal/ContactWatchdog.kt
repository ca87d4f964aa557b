package io.oxia.coroutines.recipes.internal

import io.oxia.coroutines.GetResult
import io.oxia.coroutines.OxiaClient
import io.oxia.coroutines.OxiaException
import io.oxia.coroutines.get
import kotlin.time.Duration
import kotlin.time.TimeMark
import kotlin.time.TimeSource
import kotlinx.coroutines.delay
import kotlinx.coroutines.withTimeoutOrNull

/**
 * Decides when a holder must stop believing it holds its entry: as soon as the entry is seen gone
 * or replaced, or when no read of it has succeeded for [budget] (the session timeout minus the
 * safety margin), counted from the moment the last successful read was *sent*.
 *
 * Why a successful read buys [budget] of belief: the server expires a session when no heartbeat has
 * reached it for the session timeout. The client sends heartbeats to the same server over the same
 * connection as these reads, at least three times per session timeout. A read that got an answer
 * means the connection delivered what was sent before it, so a heartbeat sent no more than one
 * heartbeat interval before the read reached the server too: the server cannot expire the session
 * before `sent - interval + sessionTimeout`. Stopping at `sent + sessionTimeout - margin` is
 * therefore early as long as the margin exceeds the heartbeat interval (at most a third of the
 * timeout) plus the time the holder needs to notice cancellation; the default margin, half the
 * timeout, leaves a sixth of the timeout for that and for clock-rate differences. Another waiter
 * gets the entry's turn only after the server deleted it, so it never overlaps a holder that
 * honours cancellation.
 *
 * The read is `get(key)` without the value on the entry's shard: cheap, and it proves the record
 * still exists with the holder's version (a record deleted by expiry reads as missing).
 */
internal class ContactWatchdog(
    private val client: OxiaClient,
    private val key: String,
    private val partitionKey: String,
    private val versionId: Long,
    private val budget: Duration,
    private val timeSource: TimeSource = TimeSource.Monotonic,
) {
    private val probeInterval = budget / 4

    /**
     * Probes until the entry is lost and returns why; [confirmedAt] is when the last read that saw
     * the entry alive was sent. Cancellable; never throws for a failed probe (a failure is no
     * contact).
     */
    suspend fun awaitLoss(confirmedAt: TimeMark): String {
        var deadline = confirmedAt + budget
        while (true) {
            val left = -deadline.elapsedNow()
            if (!left.isPositive()) return "no contact with the server for $budget"
            val sentAt = timeSource.markNow()
            val answer = withTimeoutOrNull(left) { probe() }
            if (answer != null) {
                val record = answer.getOrNull()
                if (answer.isSuccess) {
                    if (record == null || record.version.versionId != versionId)
                        return "the record $key is gone (its session ended or it was deleted)"
                    deadline = sentAt + budget
                }
            }
            val wait = minOf(probeInterval, -deadline.elapsedNow())
            if (wait.isPositive()) delay(wait)
        }
    }

    private suspend fun probe(): Result<GetResult?> =
        try {
            Result.success(client.get(key, includeValue = false, partitionKey = partitionKey))
        } catch (e: OxiaException) {
            Result.failure(e)
        }
}
