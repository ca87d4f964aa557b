package io.oxia.coroutines.internal.routing

import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe

class HashRangeSpec :
    FunSpec({
        test("both ends are inclusive") {
            HashRange(10, 20).size shouldBe 11
            HashRange(7, 7).size shouldBe 1
        }

        test("the whole unsigned 32-bit space is one range") {
            HashRange(0, RoutingHash.MAX_HASH).size shouldBe (1L shl 32)
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
