package io.oxia.coroutines.recipes.internal

import io.oxia.coroutines.recipes.CachedValue

/**
 * What a cache knows of one key: the record last read (or its absence), until a change of the key
 * is notified. Each invalidation starts a new epoch; a read fills the slot only when no
 * invalidation came between its start and its end, so a slot never holds a value older than a
 * change already notified. Thread-safe; never suspends while locked.
 */
internal class CacheSlot<T : Any> {
    private var epoch = 0L
    private var filled = false
    private var record: CachedValue<T>? = null
    // The version last stored (ABSENT for a known absence, NEVER before the first fill): tells a
    // fill that changes what readers see from one that only confirms it.
    private var lastVersion = NEVER

    /** The answer of a [lookup]. */
    sealed interface Lookup<T : Any> {
        /** The slot holds [record] (`null`: the key is known to be absent). */
        class Hit<T : Any>(val record: CachedValue<T>?) : Lookup<T>

        /** The slot is empty: read the key, then [fill] it with this [epoch]. */
        class Miss<T : Any>(val epoch: Long) : Lookup<T>
    }

    /** What a [fill] did. */
    enum class Fill {
        /** The key was invalidated since the read began: nothing stored, read again. */
        REFUSED,

        /** Stored; readers see the version they saw before. */
        SAME,

        /** Stored; readers see a new version, or the key's removal. */
        CHANGED,
    }

    /** What the slot holds now. */
    @Synchronized fun lookup(): Lookup<T> = if (filled) Lookup.Hit(record) else Lookup.Miss(epoch)

    /** Whether the slot holds the key's record at [versionId] or a later one. */
    @Synchronized
    fun holdsAtLeast(versionId: Long): Boolean = filled && (record?.versionId ?: -1) >= versionId

    /**
     * Stores [read], made by a read started at [epochAtRead]; [Fill.REFUSED] when the key was
     * invalidated since, so that the read must be made again.
     */
    @Synchronized
    fun fill(epochAtRead: Long, read: CachedValue<T>?): Fill {
        if (epoch != epochAtRead) return Fill.REFUSED
        // Two reads of one epoch may end in either order: keep the later state.
        val held = record
        if (filled && held != null && read != null && held.versionId > read.versionId) {
            return Fill.SAME
        }
        return store(read)
    }

    /**
     * Stores [written], the outcome of a write that began at [epochAtWrite] (the epoch its
     * [invalidate] returned), unless a change was notified since. Starts a new epoch: reads under
     * way may have begun before the write took effect, and are made again.
     */
    @Synchronized
    fun fillWritten(epochAtWrite: Long, written: CachedValue<T>?): Fill {
        if (epoch != epochAtWrite) return Fill.REFUSED
        epoch++
        return store(written)
    }

    /** Forgets the record (the key changed, or may have), and returns the new epoch. */
    @Synchronized
    fun invalidate(): Long {
        filled = false
        record = null
        return ++epoch
    }

    /** Records that the key was deleted, in a new epoch: reads made before do not count. */
    @Synchronized
    fun markAbsent(): Fill {
        epoch++
        return store(null)
    }

    /** The record held, or `null` when none is (absent or not read). */
    @Synchronized fun peek(): CachedValue<T>? = if (filled) record else null

    /** Whether the slot knows the key is absent. */
    @Synchronized fun isAbsent(): Boolean = filled && record == null

    private fun store(read: CachedValue<T>?): Fill {
        filled = true
        record = read
        val version = read?.versionId ?: ABSENT
        val changed = version != lastVersion
        lastVersion = version
        return if (changed) Fill.CHANGED else Fill.SAME
    }

    private companion object {
        const val ABSENT = -1L
        const val NEVER = -2L
    }
}
