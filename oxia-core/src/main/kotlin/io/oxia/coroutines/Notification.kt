package io.oxia.coroutines

/**
 * A change of one key (or one range of keys) in the namespace.
 *
 * @property type what happened.
 * @property key the key that changed; for [NotificationType.KEY_RANGE_DELETED], the start of the
 *   range (inclusive).
 * @property versionId the record's new version id, for [NotificationType.KEY_CREATED] and
 *   [NotificationType.KEY_MODIFIED]; else `null`.
 * @property keyRangeEnd the end of the deleted range (exclusive), for
 *   [NotificationType.KEY_RANGE_DELETED].
 * @property shard the shard the change happened on.
 * @property offset the position of the change in the shard's log; increases with each committed
 *   write.
 * @property timestamp when the change was committed, in milliseconds since the epoch (server
 *   clock).
 * @property wireType the kind as the server sent it; differs from [type]'s
 *   [NotificationType.wireValue] only when [type] is [NotificationType.UNKNOWN].
 */
public class Notification
@JvmOverloads
constructor(
    public val type: NotificationType,
    public val key: String,
    public val versionId: Long?,
    public val keyRangeEnd: String?,
    public val shard: Long,
    public val offset: Long,
    public val timestamp: Long,
    public val wireType: Int = type.wireValue,
) {
    override fun equals(other: Any?): Boolean =
        other is Notification &&
            type == other.type &&
            key == other.key &&
            versionId == other.versionId &&
            keyRangeEnd == other.keyRangeEnd &&
            shard == other.shard &&
            offset == other.offset &&
            timestamp == other.timestamp &&
            wireType == other.wireType

    override fun hashCode(): Int =
        listOf(type, key, versionId, keyRangeEnd, shard, offset, timestamp, wireType).hashCode()

    override fun toString(): String =
        "Notification(${if (type == NotificationType.UNKNOWN) "UNKNOWN($wireType)" else type} $key" +
            (versionId?.let { ", versionId=$it" } ?: "") +
            (keyRangeEnd?.let { ", keyRangeEnd=$it" } ?: "") +
            ", shard=$shard, offset=$offset)"
}
