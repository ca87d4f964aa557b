package io.oxia.coroutines.internal.order

import io.oxia.coroutines.internal.validation.INTERNAL_KEY_PREFIX

/**
 * The order of a namespace with `natural` key sorting: plain comparison of the keys' UTF-8 bytes,
 * with the server's internal keys (`__oxia/…`) after all user keys. The server stores an internal
 * key with its leading `__` replaced by two 0xFF bytes, which no UTF-8 text contains.
 */
internal object NaturalKeyComparator : Comparator<String> {
    override fun compare(a: String, b: String): Int {
        val byRegion =
            a.startsWith(INTERNAL_KEY_PREFIX).compareTo(b.startsWith(INTERNAL_KEY_PREFIX))
        if (byRegion != 0) return byRegion
        return compareUtf8(a, 0, a.length, b, 0, b.length)
    }
}
