package io.oxia.coroutines.internal.order

import io.oxia.coroutines.KeySorting
import io.oxia.coroutines.internal.validation.INTERNAL_KEY_PREFIX

/** A key range [[start], [end]) as the server reads it: both bounds are literal keys. */
internal class KeyRange(val start: String, val end: String) {
    override fun equals(other: Any?): Boolean =
        other is KeyRange && start == other.start && end == other.end

    override fun hashCode(): Int = 31 * start.hashCode() + end.hashCode()

    override fun toString(): String = "[$start, $end)"
}

/**
 * The literal ranges that cover the user keys in [[start], [end]) (an empty [end] is unbounded),
 * leaving out the server's own `__oxia/` keys: what a delete-range must send to mean what a list of
 * the same bounds means. Servers read a delete-range's bounds literally, so an empty end would be
 * an empty range, and a range across the internal keys would delete them too.
 *
 * Under [KeySorting.HIERARCHICAL] and [KeySorting.NATURAL] the internal keys sort after every user
 * key, so `__oxia/` is the end of the user keys. Under [KeySorting.SEGMENTED] (servers up to v0.14)
 * they sit among the user keys, as the keys whose first segment is `__oxia`; the range is split
 * around them, and an unbounded end becomes a key above every key of at most [maxKeyBytes] bytes.
 */
internal fun KeySorting.userKeyRanges(
    start: String,
    end: String,
    maxKeyBytes: Int,
): List<KeyRange> {
    val order = comparator()
    fun piece(from: String, to: String) =
        if (order.compare(from, to) < 0) listOf(KeyRange(from, to)) else emptyList()
    return when (this) {
        KeySorting.HIERARCHICAL,
        KeySorting.NATURAL -> {
            val to =
                if (end.isEmpty() || end.startsWith(INTERNAL_KEY_PREFIX)) INTERNAL_KEY_PREFIX
                else end
            if (start.startsWith(INTERNAL_KEY_PREFIX)) emptyList() else piece(start, to)
        }
        KeySorting.SEGMENTED -> {
            val to = end.ifEmpty { segmentedKeyAbove(maxKeyBytes) }
            val below = minOf(to, INTERNAL_KEY_PREFIX, order)
            val above = maxOf(start, SEGMENTED_AFTER_INTERNAL_KEYS, order)
            piece(start, below) + piece(above, to)
        }
    }
}

/**
 * The least key above every `__oxia/` key in segmented order: its first segment, `__oxia` and a
 * NUL, follows `__oxia` with nothing between them.
 */
private const val SEGMENTED_AFTER_INTERNAL_KEYS = "__oxia\u0000/"

/**
 * A key above every key of at most [maxKeyBytes] bytes in segmented order: a first segment of the
 * highest code point, longer than such a key, followed by a `/` (keys with a `/` sort after keys
 * without).
 */
private fun segmentedKeyAbove(maxKeyBytes: Int): String =
    "\uDBFF\uDFFF".repeat(maxKeyBytes / 4 + 1) + "/"
