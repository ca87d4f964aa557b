package io.oxia.coroutines.internal.logging

import org.slf4j.Logger

/**
 * The trouble of one long-lived stream, reported once: WARN when the stream is lost, DEBUG for each
 * attempt that fails while it is being restored, INFO once it is back. A stream that was restored
 * and is lost again is a new incident. Called from the stream's own coroutines, one at a time.
 */
internal class Incident(private val logger: Logger, private val what: String) {
    @Volatile private var open = false

    /** The stream was lost, or an attempt to restore it failed, because of [cause]. */
    fun failed(cause: Any?) {
        if (!open) {
            open = true
            logger.warn("{} lost ({}); reconnecting", what, cause)
        } else if (logger.isDebugEnabled) {
            logger.debug("{}: another attempt failed ({})", what, cause)
        }
    }

    /** The stream is back, at [where]. */
    fun restored(where: String) {
        if (open) {
            open = false
            logger.info("{} restored at {}", what, where)
        }
    }
}
