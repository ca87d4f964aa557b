package io.oxia.coroutines.internal.order

/**
 * The order of Oxia servers up to v0.14. Keys are walked one `/`-separated segment at a time: a key
 * on its last segment sorts before a key that still has a `/` ahead; two last segments compare
 * bytewise; two inner segments compare bytewise and, when equal, the walk moves past the `/`. A key
 * that ran out first sorts first.
 */
internal object SegmentedKeyComparator : Comparator<String> {
    override fun compare(a: String, b: String): Int {
        var i = 0
        var j = 0
        while (i < a.length && j < b.length) {
            val slashA = a.indexOf('/', i)
            val slashB = b.indexOf('/', j)
            when {
                slashA < 0 && slashB < 0 -> return compareUtf8(a, i, a.length, b, j, b.length)
                slashA < 0 -> return -1
                slashB < 0 -> return 1
            }
            val bySegment = compareUtf8(a, i, slashA, b, j, slashB)
            if (bySegment != 0) return bySegment
            i = slashA + 1
            j = slashB + 1
        }
        return (a.length - i) - (b.length - j)
    }
}
