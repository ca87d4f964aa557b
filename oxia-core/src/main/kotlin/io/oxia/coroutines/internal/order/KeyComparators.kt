package io.oxia.coroutines.internal.order

import io.oxia.coroutines.KeySorting

/**
 * The order in which a namespace with this key sorting keeps its keys, for merging answers of
 * several shards.
 */
internal fun KeySorting.comparator(): Comparator<String> =
    when (this) {
        KeySorting.HIERARCHICAL -> HierarchicalKeyComparator
        KeySorting.NATURAL -> NaturalKeyComparator
        KeySorting.SEGMENTED -> SegmentedKeyComparator
    }

/**
 * The rank of a UTF-16 unit such that comparing two well-formed strings rank by rank orders them
 * like their UTF-8 bytes, without encoding them. UTF-8 byte order is code point order; UTF-16 unit
 * order differs only in that surrogates (code points above U+FFFF) sort below U+E000..U+FFFF, so
 * those two blocks trade places.
 */
internal fun utf8Rank(unit: Char): Int =
    when {
        unit < '\uD800' -> unit.code
        unit < '\uE000' -> unit.code + 0x2000
        else -> unit.code - 0x800
    }

/** Compares `a[aFrom, aTo)` with `b[bFrom, bTo)` in UTF-8 byte order. */
internal fun compareUtf8(a: String, aFrom: Int, aTo: Int, b: String, bFrom: Int, bTo: Int): Int {
    val aLength = aTo - aFrom
    val bLength = bTo - bFrom
    for (k in 0 until minOf(aLength, bLength)) {
        val x = a[aFrom + k]
        val y = b[bFrom + k]
        if (x != y) return utf8Rank(x) - utf8Rank(y)
    }
    return aLength - bLength
}
