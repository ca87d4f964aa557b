package io.oxia.coroutines.recipes

/**
 * A change an [OxiaCache] applied to one key: its new record, or its removal.
 *
 * @property key the key that changed.
 * @property value the key's record now, or `null` when the key no longer exists.
 */
public class CacheChange<T : Any>
internal constructor(public val key: String, public val value: CachedValue<T>?) {
    /** `true` when the key was removed. */
    public val isRemoval: Boolean
        get() = value == null

    override fun equals(other: Any?): Boolean =
        other is CacheChange<*> && key == other.key && value == other.value

    override fun hashCode(): Int = 31 * key.hashCode() + (value?.hashCode() ?: 0)

    override fun toString(): String =
        if (value == null) "CacheChange(removed $key)"
        else "CacheChange($key, versionId=${value.versionId})"
}
