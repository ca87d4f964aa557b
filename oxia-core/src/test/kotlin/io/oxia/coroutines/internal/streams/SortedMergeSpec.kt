package io.oxia.coroutines.internal.streams

import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.ints.shouldBeLessThanOrEqual
import io.kotest.matchers.shouldBe
import java.util.concurrent.atomic.AtomicInteger
import kotlin.random.Random
import kotlinx.coroutines.flow.flow
import kotlinx.coroutines.flow.flowOf
import kotlinx.coroutines.flow.onCompletion
import kotlinx.coroutines.flow.take
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.test.runTest

class SortedMergeSpec :
    FunSpec({
        test("merges sorted sources into one sorted sequence, chunk boundaries notwithstanding") {
            val a = flowOf(listOf(1, 4), emptyList(), listOf(7, 10))
            val b = flowOf(listOf(2), listOf(3, 5, 6))
            val c = flowOf(listOf(8, 9, 11))
            runTest {
                mergeSorted({ listOf(a, b, c) }, naturalOrder()).toList() shouldBe (1..11).toList()
            }
        }

        test("merges any number of sources with random chunking like one sort") {
            val random = Random(42)
            runTest {
                repeat(200) {
                    val values = List(random.nextInt(0, 300)) { random.nextInt(0, 1000) }
                    val sources =
                        values
                            .groupBy { random.nextInt(1, 1 + random.nextInt(1, 12)) }
                            .values
                            .map { part -> flowOf(*randomChunks(part.sorted(), random)) }
                    mergeSorted({ sources }, naturalOrder()).toList() shouldBe values.sorted()
                }
            }
        }

        test("compares about 2.5 times per item when merging four interleaved sources") {
            // Taking the top out and putting it back compares about 3.6 times per item here.
            val comparisons = AtomicInteger()
            val counting = Comparator<Int> { a, b -> comparisons.incrementAndGet().let { a - b } }
            val random = Random(7)
            val values = List(40_000) { random.nextInt() }.distinct()
            val sources =
                values
                    .groupBy { random.nextInt(4) }
                    .values
                    .map { part -> flowOf(*part.sorted().chunked(100).toTypedArray()) }
            runTest { mergeSorted({ sources }, counting).toList() shouldBe values.sorted() }
            comparisons.get() shouldBeLessThanOrEqual values.size * 11 / 4
        }

        test("an empty source list and empty sources give an empty flow") {
            runTest {
                mergeSorted(
                        { emptyList<kotlinx.coroutines.flow.Flow<List<Int>>>() },
                        naturalOrder(),
                    )
                    .toList() shouldBe emptyList()
                mergeSorted({ listOf(flowOf(emptyList<Int>()), flowOf()) }, naturalOrder<Int>())
                    .toList() shouldBe emptyList()
            }
        }

        test("reads each source at most about one chunk ahead of the collector") {
            val produced = AtomicInteger()
            val consumed = AtomicInteger()
            var maxAhead = 0
            fun source(offset: Int) = flow {
                for (i in 0 until 100) {
                    produced.incrementAndGet()
                    emit(listOf(i * 10 + offset))
                }
            }
            runTest {
                mergeSorted({ listOf(source(0), source(1), source(2)) }, naturalOrder()).collect {
                    consumed.incrementAndGet()
                    maxAhead = maxOf(maxAhead, produced.get() - consumed.get())
                }
            }
            consumed.get() shouldBe 300
            maxAhead shouldBeLessThanOrEqual 3 * 3
        }

        test("taking a prefix cancels every source") {
            val completed = AtomicInteger()
            fun endless(offset: Int) = flow {
                var i = 0
                while (true) emit(listOf(i++ * 2 + offset))
            }
                .onCompletion { completed.incrementAndGet() }
            runTest {
                mergeSorted({ listOf(endless(0), endless(1)) }, naturalOrder())
                    .take(5)
                    .toList() shouldBe listOf(0, 1, 2, 3, 4)
            }
            completed.get() shouldBe 2
        }

        test("a failing source fails the merged flow") {
            val failing =
                flow<List<Int>> {
                    emit(listOf(1))
                    throw IllegalStateException("boom")
                }
            runTest {
                shouldThrow<IllegalStateException> {
                    mergeSorted({ listOf(failing, flowOf(listOf(2, 3))) }, naturalOrder()).toList()
                }
            }
        }
    })

private fun randomChunks(sorted: List<Int>, random: Random): Array<List<Int>> {
    val chunks = ArrayList<List<Int>>()
    var from = 0
    while (from < sorted.size) {
        val to = minOf(sorted.size, from + random.nextInt(0, 20))
        chunks += sorted.subList(from, to)
        from = to
    }
    return chunks.toTypedArray()
}
