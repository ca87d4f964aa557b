package io.oxia.coroutines

/**
 * The kind of a [Notification]. Servers may add kinds: a kind this client does not know arrives as
 * [UNKNOWN] rather than failing the stream, and [Notification.wireType] keeps the server's value.
 * Usable in a Java `switch` and in a Kotlin `when` without an `else`.
 *
 * @property wireValue the value of this kind in the Oxia protocol; `-1` for [UNKNOWN].
 */
public enum class NotificationType(public val wireValue: Int) {
    /** A record was created; the notification carries its version id. */
    KEY_CREATED(0),

    /** A record was overwritten; the notification carries its new version id. */
    KEY_MODIFIED(1),

    /** A record was deleted (also when its session ended, for an ephemeral record). */
    KEY_DELETED(2),

    /**
     * A range of keys was deleted: [Notification.key] (inclusive) to [Notification.keyRangeEnd]
     * (exclusive).
     */
    KEY_RANGE_DELETED(3),

    /**
     * A kind a newer server sent that this client does not know; [Notification.wireType] holds the
     * server's value.
     */
    UNKNOWN(-1);

    public companion object {
        /** The kind with this wire value, or [UNKNOWN]. */
        @JvmStatic
        public fun of(wireValue: Int): NotificationType =
            entries.firstOrNull { it.wireValue == wireValue && it != UNKNOWN } ?: UNKNOWN
    }
}
