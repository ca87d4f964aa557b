package io.oxia.coroutines.internal.routing

import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe

class HashRangeSpec :
    FunSpec({
        test("both ends are inclusive") {
            val range = HashRange(10, 20)
            (9L in range) shouldBe false
            (10L in range) shouldBe true
            (20L in range) shouldBe true
            (21L in range) shouldBe false
            range.size shouldBe 11
        }

        test("the whole unsigned 32-bit space is one range") {
            val all = HashRange(0, RoutingHash.MAX_HASH)
            (0L in all) shouldBe true
            (RoutingHash.MAX_HASH in all) shouldBe true
            (RoutingHash.MAX_HASH + 1 in all) shouldBe false
            all.size shouldBe (1L shl 32)
        }

        test("a range outside the hash space or an inverted one is rejected") {
            shouldThrow<IllegalArgumentException> { HashRange(-1, 5) }
            shouldThrow<IllegalArgumentException> { HashRange(0, RoutingHash.MAX_HASH + 1) }
            shouldThrow<IllegalArgumentException> { HashRange(6, 5) }
        }

        test("ranges with the same ends are equal") {
            HashRange(1, 2) shouldBe HashRange(1, 2)
            HashRange(1, 2).hashCode() shouldBe HashRange(1, 2).hashCode()
            (HashRange(1, 2) == HashRange(1, 3)) shouldBe false
        }
    })
