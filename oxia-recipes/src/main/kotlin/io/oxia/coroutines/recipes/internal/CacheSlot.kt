package io.oxia.coroutines.recipes.internal

import io.oxia.coroutines.GetResult

/**
 * What a cache knows of one key: the record last read (or its absence), until a change of the key
 * is notified. Each invalidation starts a new epoch; a read fills the slot only when no
 * invalidation came between its start and its end, so a slot never holds a value older than a
 * change already notified. Thread-safe; never suspends while locked.
 */
internal class CacheSlot {
    private var epoch = 0L
    private var filled = false
    private var record: GetResult? = null

    /** The answer of a [lookup]. */
    sealed interface Lookup {
        /** The slot holds [record] (`null`: the key is known to be absent). */
        class Hit(val record: GetResult?) : Lookup

        /** The slot is empty: read the key, then [fill] it with this [epoch]. */
        class Miss(val epoch: Long) : Lookup
    }

    /** What the slot holds now. */
    @Synchronized fun lookup(): Lookup = if (filled) Lookup.Hit(record) else Lookup.Miss(epoch)

    /**
     * Stores [read], made by a read started at [epochAtRead]; `false` (and nothing stored) when the
     * key was invalidated since, so that the read must be made again.
     */
    @Synchronized
    fun fill(epochAtRead: Long, read: GetResult?): Boolean {
        if (epoch != epochAtRead) return false
        filled = true
        record = read
        return true
    }

    /** Forgets the record: the key changed, or may have. */
    @Synchronized
    fun invalidate() {
        epoch++
        filled = false
        record = null
    }
}
