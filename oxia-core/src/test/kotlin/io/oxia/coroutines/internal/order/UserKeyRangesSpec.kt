package io.oxia.coroutines.internal.order

import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.oxia.coroutines.KeySorting

class UserKeyRangesSpec :
    FunSpec({
        val max = 16

        test("hierarchical and natural: an empty or internal end stops before the internal keys") {
            for (sorting in listOf(KeySorting.HIERARCHICAL, KeySorting.NATURAL)) {
                sorting.userKeyRanges("a", "", max) shouldBe listOf(KeyRange("a", "__oxia/"))
                sorting.userKeyRanges("", "", max) shouldBe listOf(KeyRange("", "__oxia/"))
                sorting.userKeyRanges("a", "__oxia/x", max) shouldBe
                    listOf(KeyRange("a", "__oxia/"))
                sorting.userKeyRanges("a", "b", max) shouldBe listOf(KeyRange("a", "b"))
                sorting.userKeyRanges("__oxia/a", "", max) shouldBe emptyList()
                sorting.userKeyRanges("b", "a", max) shouldBe emptyList()
            }
        }

        test("segmented: the range is split around the internal keys") {
            val order = SegmentedKeyComparator
            val ranges = KeySorting.SEGMENTED.userKeyRanges("A/", "z/", max)
            ranges shouldBe listOf(KeyRange("A/", "__oxia/"), KeyRange("__oxia\u0000/", "z/"))
            // Every internal key lies between the two pieces, and nothing else does.
            for (key in listOf("__oxia/", "__oxia/x", "__oxia/a/b", "__oxia//")) {
                (order.compare(key, "__oxia/") >= 0) shouldBe true
                (order.compare(key, "__oxia\u0000/") < 0) shouldBe true
            }
            for (key in listOf("__oxia", "__oxia0/x", "__oxib/x", "a/__oxia/")) {
                val inside =
                    order.compare(key, "__oxia/") >= 0 && order.compare(key, "__oxia\u0000/") < 0
                inside shouldBe false
            }
        }

        test("segmented: an empty end reaches above every key of at most maxKeyBytes") {
            val ranges = KeySorting.SEGMENTED.userKeyRanges("a", "", max)
            ranges.size shouldBe 2
            val end = ranges.last().end
            val biggest = listOf("\uDBFF\uDFFF".repeat(max / 4), "\uDBFF\uDFFF".repeat(3) + "/x")
            biggest.forEach { (SegmentedKeyComparator.compare(it, end) < 0) shouldBe true }
            KeySorting.SEGMENTED.userKeyRanges("b", "a", max) shouldBe emptyList()
            KeySorting.SEGMENTED.userKeyRanges("__oxia/x", "__oxia/y", max) shouldBe emptyList()
        }
    })
