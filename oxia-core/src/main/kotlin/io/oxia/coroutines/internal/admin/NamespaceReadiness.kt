package io.oxia.coroutines.internal.admin

import io.oxia.coroutines.OxiaTimeoutException
import io.oxia.coroutines.admin.NamespaceView
import kotlin.time.Duration
import kotlin.time.Duration.Companion.milliseconds
import kotlinx.coroutines.delay
import kotlinx.coroutines.withTimeoutOrNull

/**
 * Waits until every shard of the namespace [name] has a leader in steady state, as [view] reports
 * it, for at most [timeout]. A namespace answers data clients only from then: before, a client's
 * connect is refused as if the namespace did not exist.
 *
 * @throws OxiaTimeoutException when some shard still has no leader after [timeout].
 */
internal suspend fun awaitLeaders(
    name: String,
    timeout: Duration,
    view: suspend () -> NamespaceView,
) {
    var last: NamespaceView? = null
    withTimeoutOrNull(timeout) {
        while (true) {
            val current = view().also { last = it }
            if (current.shards.isNotEmpty() && current.shards.all(::led)) return@withTimeoutOrNull
            delay(POLL)
        }
    }
        ?: throw OxiaTimeoutException(
            "namespace '$name' was created, but not every shard had a leader within $timeout: " +
                "${last?.shards}"
        )
}

private fun led(shard: io.oxia.coroutines.admin.ShardView): Boolean =
    shard.leader != null && shard.status == "SteadyState"

private val POLL = 100.milliseconds
