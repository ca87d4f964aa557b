package io.oxia.coroutines.internal.order

import io.oxia.coroutines.internal.validation.INTERNAL_KEY_PREFIX

/**
 * The default order of Oxia servers v0.15 and later. The server stores each key as a 16-bit
 * big-endian level followed by the key's UTF-8 bytes with every `/` turned into 0xFF, and sorts
 * those bytes. The level is the number of `/` (one less when the key ends in `//`, capped at
 * 0x7FFF) with the top bit set for internal keys, so keys sort by depth first, internal keys last;
 * at equal level `/` sorts after every other character.
 */
internal object HierarchicalKeyComparator : Comparator<String> {
    private const val MAX_DEPTH = 0x7FFF
    private const val INTERNAL_KEY_BIT = 0x8000

    // Above every utf8Rank, as 0xFF is above every byte of UTF-8 text.
    private const val SLASH_RANK = 0x10000

    override fun compare(a: String, b: String): Int {
        // Long keys could reach the level cap, which the shortcut below does not model.
        if (a.length >= MAX_DEPTH || b.length >= MAX_DEPTH) return compareByLevelFirst(a, b)
        val common = minOf(a.length, b.length)
        var i = 0
        while (i < common && a[i] == b[i]) i++
        if (i == a.length && i == b.length) return 0
        // One pass instead of three: the common prefix has as many slashes in both keys, so the
        // levels differ by the slashes after it, and by the adjustments.
        val byLevel = level(a, i) - level(b, i)
        if (byLevel != 0) return byLevel
        return if (i == common) a.length - b.length else rank(a[i]) - rank(b[i])
    }

    private fun compareByLevelFirst(a: String, b: String): Int {
        val byLevel = level(a) - level(b)
        if (byLevel != 0) return byLevel
        for (i in 0 until minOf(a.length, b.length)) {
            val x = a[i]
            val y = b[i]
            if (x != y) return rank(x) - rank(y)
        }
        return a.length - b.length
    }

    private fun rank(unit: Char): Int = if (unit == '/') SLASH_RANK else utf8Rank(unit)

    /**
     * The level of [key] less the slashes before [from], which makes it comparable with another
     * key's that shares those first characters. Counted from the start, it is capped as the server
     * caps it (on the main branch; v0.15 to v0.17.1 wrap 32768+ slashes instead).
     */
    private fun level(key: String, from: Int = 0): Int {
        var slashes = 0
        for (j in from until key.length) if (key[j] == '/') slashes++
        // A trailing "//" does not open a new level.
        if (key.endsWith("//")) slashes--
        if (from == 0) slashes = minOf(slashes, MAX_DEPTH)
        return if (key.startsWith(INTERNAL_KEY_PREFIX)) slashes + INTERNAL_KEY_BIT else slashes
    }
}
