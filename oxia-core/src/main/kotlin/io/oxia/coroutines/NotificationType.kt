package io.oxia.coroutines

/**
 * The kind of a [Notification]. Not an enum: servers may add kinds, which arrive as an unknown type
 * carrying the wire value rather than failing the stream.
 */
public class NotificationType
private constructor(public val name: String, public val wireValue: Int) {
    override fun equals(other: Any?): Boolean =
        other is NotificationType && wireValue == other.wireValue

    override fun hashCode(): Int = wireValue

    override fun toString(): String = name

    public companion object {
        /** A record was created; the notification carries its version id. */
        @JvmField public val KEY_CREATED: NotificationType = NotificationType("KEY_CREATED", 0)

        /** A record was overwritten; the notification carries its new version id. */
        @JvmField public val KEY_MODIFIED: NotificationType = NotificationType("KEY_MODIFIED", 1)

        /** A record was deleted (also when its session ended, for an ephemeral record). */
        @JvmField public val KEY_DELETED: NotificationType = NotificationType("KEY_DELETED", 2)

        /**
         * A range of keys was deleted: [Notification.key] (inclusive) to [Notification.keyRangeEnd]
         * (exclusive).
         */
        @JvmField
        public val KEY_RANGE_DELETED: NotificationType = NotificationType("KEY_RANGE_DELETED", 3)

        private val known = listOf(KEY_CREATED, KEY_MODIFIED, KEY_DELETED, KEY_RANGE_DELETED)

        /** The type with this wire value, or an unknown type that keeps it. */
        @JvmStatic
        public fun of(wireValue: Int): NotificationType =
            known.firstOrNull { it.wireValue == wireValue }
                ?: NotificationType("UNKNOWN($wireValue)", wireValue)
    }
}
