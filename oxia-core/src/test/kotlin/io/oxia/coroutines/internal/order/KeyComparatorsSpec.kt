package io.oxia.coroutines.internal.order

import io.kotest.assertions.withClue
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.ints.shouldBeGreaterThan
import io.kotest.matchers.ints.shouldBeLessThan
import io.kotest.matchers.ints.shouldBeLessThanOrEqual
import io.kotest.matchers.shouldBe
import io.oxia.coroutines.KeySorting
import java.util.Random
import kotlin.math.sign

private const val GRINNING = "\uD83D\uDE00" // U+1F600, a surrogate pair in UTF-16

private fun utf8(key: String) = key.toByteArray(Charsets.UTF_8)

private fun isInternal(key: String) = key.startsWith("__oxia/")

/** The server's natural encoding, literally: internal keys get their "__" replaced by 0xFF 0xFF. */
private fun naturalEncoding(key: String): ByteArray {
    val bytes = utf8(key)
    if (isInternal(key)) {
        bytes[0] = 0xFF.toByte()
        bytes[1] = 0xFF.toByte()
    }
    return bytes
}

/**
 * The server's hierarchical encoding, literally: 2-byte big-endian level, then the bytes with '/'
 * as 0xFF.
 */
private fun hierarchicalEncoding(key: String): ByteArray {
    val bytes = utf8(key)
    var level = bytes.count { it == '/'.code.toByte() }
    if (level > 0) {
        if (
            bytes.size >= 2 &&
                bytes[bytes.size - 1] == '/'.code.toByte() &&
                bytes[bytes.size - 2] == '/'.code.toByte()
        ) {
            level--
        }
        level = minOf(level, 0x7FFF)
        if (isInternal(key)) level = level or 0x8000
    }
    val encoded = ByteArray(bytes.size + 2)
    encoded[0] = (level shr 8).toByte()
    encoded[1] = level.toByte()
    for (i in bytes.indices) encoded[i + 2] =
        if (bytes[i] == '/'.code.toByte()) 0xFF.toByte() else bytes[i]
    return encoded
}

/** The v0.14 rule, literally, on UTF-8 bytes: walk segment by segment. */
private fun segmentedReference(x: String, y: String): Int {
    var a = utf8(x)
    var b = utf8(y)
    while (a.isNotEmpty() && b.isNotEmpty()) {
        val slashA = a.indexOf('/'.code.toByte())
        val slashB = b.indexOf('/'.code.toByte())
        if (slashA < 0 && slashB < 0) return java.util.Arrays.compareUnsigned(a, b)
        if (slashA < 0) return -1
        if (slashB < 0) return 1
        val bySegment = java.util.Arrays.compareUnsigned(a, 0, slashA, b, 0, slashB)
        if (bySegment != 0) return bySegment
        a = a.copyOfRange(slashA + 1, a.size)
        b = b.copyOfRange(slashB + 1, b.size)
    }
    return a.size.compareTo(b.size)
}

private fun byEncoding(encode: (String) -> ByteArray) =
    Comparator<String> { x, y ->
        java.util.Arrays.compareUnsigned(encode(x), encode(y))
    }

private val references: Map<KeySorting, Comparator<String>> =
    mapOf(
        KeySorting.NATURAL to byEncoding(::naturalEncoding),
        KeySorting.HIERARCHICAL to byEncoding(::hierarchicalEncoding),
        KeySorting.SEGMENTED to Comparator(::segmentedReference),
    )

private val alphabet = listOf("/", "/", "-", "a", "b", "é", "中", "\uE000", "\uFFFD", GRINNING)

private fun randomKeys(random: Random, count: Int): List<String> =
    List(count) {
        val key = buildString {
            repeat(random.nextInt(9)) { append(alphabet[random.nextInt(alphabet.size)]) }
        }
        if (random.nextInt(10) == 0) "__oxia/$key" else key
    }

private infix fun String.before(other: String) = this to other

/** The key with every non-ASCII code point spelled out, so that test names stay readable. */
private fun show(key: String): String = buildString {
    key.codePoints().forEach {
        if (it in 0x20..0x7E) appendCodePoint(it) else append("U+%04X".format(it))
    }
}

class KeyComparatorsSpec :
    FunSpec({
        val examples =
            mapOf(
                KeySorting.HIERARCHICAL to
                    listOf(
                        "x-1/a" before "x/a",
                        "aa/b" before "a/z",
                        "/a" before "/a/b",
                        "b" before "/a",
                        "zzz" before "a/b",
                        "a/b" before "a//", // same level, and '/' is above every other character
                        "a//" before "/a",
                        "a/b/c/d/e" before "__oxia/x", // internal keys after all user keys
                        "__oxia/a" before "__oxia/a/b",
                        "\uFFFD/a" before "$GRINNING/a",
                    ),
                KeySorting.SEGMENTED to
                    listOf(
                        "x/a" before "x-1/a",
                        "a/z" before "aa/b",
                        "/a" before "/a/b",
                        "b" before "/a",
                        "a" before "/",
                        "/aaaa" before "/aa/a",
                        "/bbbbbbbbbb" before "/aaaa/a/a",
                        "/a/b/a/b" before "/a/b/a/a/a",
                        "a/" before "a/b",
                        "" before "a",
                        "\uFFFD" before GRINNING,
                    ),
                KeySorting.NATURAL to
                    listOf(
                        "/a" before "a",
                        "x-1/a" before "x/a",
                        "a/z" before "aa/b",
                        "/a" before "/a/b",
                        "a" before "ab",
                        "" before "a",
                        "\uFFFD" before GRINNING, // UTF-16 order says the opposite
                        "\uE000" before GRINNING,
                        "zzz" before "__oxia/a", // internal keys after all user keys
                        "\uFFFD" before "__oxia/a",
                    ),
            )

        for ((sorting, pairs) in examples) {
            for ((low, high) in pairs) {
                test("$sorting puts '${show(low)}' before '${show(high)}'") {
                    val order = sorting.comparator()
                    order.compare(low, high) shouldBeLessThan 0
                    order.compare(high, low) shouldBeGreaterThan 0
                    references.getValue(sorting).compare(low, high) shouldBeLessThan 0
                }
            }
        }

        test("hierarchical and segmented orders disagree where a segment is a prefix of another") {
            KeySorting.HIERARCHICAL.comparator().compare("x/a", "x-1/a") shouldBeGreaterThan 0
            KeySorting.SEGMENTED.comparator().compare("x/a", "x-1/a") shouldBeLessThan 0
        }

        val random = Random(20240611)
        val keys = randomKeys(random, 3000) + listOf("", "/", "//", "a//", "__oxia/", "__oxia//")

        for (sorting in KeySorting.entries) {
            val order = sorting.comparator()
            val reference = references.getValue(sorting)

            test("$sorting agrees with a literal byte-level implementation of the server's rule") {
                keys.sortedWith(order) shouldBe keys.sortedWith(reference)
                repeat(200_000) {
                    val a = keys[random.nextInt(keys.size)]
                    val b = keys[random.nextInt(keys.size)]
                    withClue({ "'${show(a)}' vs '${show(b)}'" }) {
                        order.compare(a, b).sign shouldBe reference.compare(a, b).sign
                    }
                }
            }

            test("$sorting is a total order consistent with equals") {
                repeat(200_000) {
                    val a = keys[random.nextInt(keys.size)]
                    val b =
                        if (random.nextInt(20) == 0) String(a.toCharArray())
                        else keys[random.nextInt(keys.size)]
                    withClue({ "'${show(a)}' vs '${show(b)}'" }) {
                        order.compare(a, b).sign shouldBe -order.compare(b, a).sign
                        (order.compare(a, b) == 0) shouldBe (a == b)
                    }
                }
                val sorted = keys.sortedWith(order)
                sorted.zipWithNext().forEach { (a, b) ->
                    order.compare(a, b) shouldBeLessThanOrEqual 0
                }
                repeat(100_000) {
                    val i = random.nextInt(sorted.size)
                    val j = random.nextInt(sorted.size)
                    withClue({
                        "'${show(sorted[minOf(i, j)])}' vs '${show(sorted[maxOf(i, j)])}'"
                    }) {
                        order.compare(
                            sorted[minOf(i, j)],
                            sorted[maxOf(i, j)],
                        ) shouldBeLessThanOrEqual 0
                    }
                }
                // Sorting a shuffled copy gives the same list: the order does not depend on the
                // input order.
                keys.shuffled(random).sortedWith(order) shouldBe sorted
            }
        }
    })
