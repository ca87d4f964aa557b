package io.oxia.coroutines.recipes.internal

import io.oxia.coroutines.OxiaClient
import io.oxia.coroutines.recipes.Lease
import kotlin.time.Duration
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.NonCancellable
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.launch
import kotlinx.coroutines.withContext

/**
 * Runs [block] while [lease] is held: the block is cancelled when the lease is lost (the call then
 * throws the [io.oxia.coroutines.recipes.LeaseLostException]), and the lease is released when the
 * block ends, however it ends.
 */
internal suspend fun <T> hold(lease: Lease, block: suspend CoroutineScope.(Lease) -> T): T {
    try {
        return coroutineScope {
            val guard = launch { throw lease.awaitLoss() }
            try {
                block(lease)
            } finally {
                guard.cancel()
            }
        }
    } finally {
        withContext(NonCancellable) { lease.release() }
    }
}

/**
 * The time a holder may go without contact: the client's session timeout minus [safetyMargin],
 * which must exceed a third of the timeout (the longest heartbeat interval) and leave some time.
 */
internal fun contactBudget(client: OxiaClient, safetyMargin: Duration): Duration {
    val timeout = client.config.sessionTimeout
    require(safetyMargin > timeout / 3 && safetyMargin < timeout) {
        "safetyMargin must lie between a third of the session timeout ($timeout) and all of it, " +
            "was $safetyMargin"
    }
    return timeout - safetyMargin
}
