package io.oxia.coroutines.internal.observability

import org.slf4j.Logger

/**
 * The trouble of one long-lived stream, [what] (of [shard], or `null` for none), reported once:
 * WARN and a lost event when the stream is lost, DEBUG for each attempt that fails while it is
 * being restored, INFO and a restored event once it is back. A stream that was restored and is lost
 * again is a new incident. Called from the stream's own coroutines, one at a time.
 */
internal class Incident(
    private val logger: Logger,
    private val what: String,
    private val shard: Long? = null,
    private val health: ClientHealth? = null,
) {
    @Volatile private var open = false
    // The stream's kind for metrics: the last part of its logger's name (writes, shardmap, ...).
    private val kind = logger.name.substringAfterLast('.')

    /**
     * The stream to [server] (`null`: not known) was lost, or could not be restored, for [cause].
     */
    fun failed(server: String?, cause: Any?) {
        val where = server?.let { "at $it: " } ?: ""
        health?.reconnecting(kind, causeLabel(cause))
        if (!open) {
            open = true
            logger.warn("{} lost ({}{}); reconnecting", what, where, cause)
            health?.streamLost(what, shard, server, cause.toString())
        } else {
            if (logger.isDebugEnabled)
                logger.debug("{}: another attempt failed ({}{})", what, where, cause)
        }
    }

    /** The stream is back, at [server] (`null`: not known). */
    fun restored(server: String?) {
        if (open) {
            open = false
            logger.info("{} restored{}", what, server?.let { " at $it" } ?: "")
            health?.streamRestored(what, shard, server, kind)
        }
    }

    /** The stream ended for good, restored or not (its shard went away, or its collection). */
    fun ended() {
        if (open) {
            open = false
            health?.streamGone(what)
        }
    }

    // Few and fixed, for a metric's attribute: the failure's kind, never its message.
    private fun causeLabel(cause: Any?): String =
        when (cause) {
            is LabeledFailure -> cause.label
            else -> "other"
        }
}
