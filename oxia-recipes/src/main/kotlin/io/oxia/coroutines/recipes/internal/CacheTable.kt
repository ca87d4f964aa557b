package io.oxia.coroutines.recipes.internal

/**
 * The slots of a cache by key, in the order they were last used, coldest first. Thread-safe; never
 * suspends while locked.
 *
 * @param maxEntries the most slots kept ([evictOverflow] drops the coldest beyond it); 0 for no
 *   limit.
 */
internal class CacheTable<T : Any>(private val maxEntries: Int) {
    private val slots = LinkedHashMap<String, CacheSlot<T>>(16, 0.75f, true)

    /** The slot of [key], made when [create] and missing; touching it makes it the hottest. */
    @Synchronized
    fun slot(key: String, create: Boolean): CacheSlot<T>? =
        slots[key] ?: if (create) CacheSlot<T>().also { slots[key] = it } else null

    /** Drops [key]'s slot if it is still [slot]; invalidated, so that a read under way retries. */
    @Synchronized
    fun remove(key: String, slot: CacheSlot<T>) {
        if (slots[key] === slot) {
            slots.remove(key)
            slot.invalidate()
        }
    }

    /** Drops the coldest slots beyond the limit, invalidated. */
    @Synchronized
    fun evictOverflow() {
        if (maxEntries == 0) return
        val iterator = slots.values.iterator()
        while (slots.size > maxEntries && iterator.hasNext()) {
            iterator.next().invalidate()
            iterator.remove()
        }
    }

    /** The keys and slots now held, for a pass over them; the table may change meanwhile. */
    @Synchronized fun entries(): List<Pair<String, CacheSlot<T>>> = slots.map { it.key to it.value }

    /** The number of slots. */
    @Synchronized fun size(): Int = slots.size

    /** Invalidates and drops every slot. */
    @Synchronized
    fun clear() {
        slots.values.forEach { it.invalidate() }
        slots.clear()
    }
}
