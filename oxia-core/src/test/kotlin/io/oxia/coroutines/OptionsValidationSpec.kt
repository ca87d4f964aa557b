package io.oxia.coroutines

import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import kotlin.time.Duration
import kotlin.time.Duration.Companion.milliseconds
import kotlin.time.Duration.Companion.seconds

/**
 * Invalid options fail where they are made, the same way whichever API makes them: the Kotlin
 * constructors (behind the named arguments) and the Java builders throw [InvalidArgumentException].
 */
class OptionsValidationSpec :
    FunSpec({
        val zero = java.time.Duration.ZERO
        val negative = java.time.Duration.ofMillis(-1)

        test("a timeout that is not positive fails in the constructors and the builders alike") {
            for (timeout in listOf(Duration.ZERO, (-1).milliseconds)) {
                shouldThrow<InvalidArgumentException> { PutOptions(timeout = timeout) }
                shouldThrow<InvalidArgumentException> { GetOptions(timeout = timeout) }
                shouldThrow<InvalidArgumentException> { DeleteOptions(timeout = timeout) }
                shouldThrow<InvalidArgumentException> { RangeOptions(timeout = timeout) }
            }
            for (timeout in listOf(zero, negative)) {
                shouldThrow<InvalidArgumentException> {
                        PutOptions.builder().timeout(timeout).build()
                    }
                    .message shouldContain "timeout must be positive"
                shouldThrow<InvalidArgumentException> {
                    GetOptions.builder().timeout(timeout).build()
                }
                shouldThrow<InvalidArgumentException> {
                    DeleteOptions.builder().timeout(timeout).build()
                }
                shouldThrow<InvalidArgumentException> {
                    RangeOptions.builder().timeout(timeout).build()
                }
            }
        }

        test("conflicting put options fail in the constructor and the builder alike") {
            shouldThrow<InvalidArgumentException> { PutOptions(sequenceKeyDeltas = listOf(1)) }
            shouldThrow<InvalidArgumentException> {
                PutOptions.builder().sequenceKeyDeltas(1).build()
            }
            shouldThrow<InvalidArgumentException> { DeleteOptions(expectedVersionId = -1) }
            shouldThrow<InvalidArgumentException> {
                DeleteOptions.builder().expectedVersionId(-1).build()
            }
        }

        test("a builder's timeout is the constructor's") {
            PutOptions.builder().timeout(java.time.Duration.ofSeconds(2)).build() shouldBe
                PutOptions(timeout = 2.seconds)
            GetOptions.builder().timeout(java.time.Duration.ofMillis(1500)).build() shouldBe
                GetOptions(timeout = 1500.milliseconds)
            DeleteOptions.builder().timeout(java.time.Duration.ofSeconds(1)).build() shouldBe
                DeleteOptions(timeout = 1.seconds)
            RangeOptions.builder().timeout(java.time.Duration.ofSeconds(3)).build() shouldBe
                RangeOptions(timeout = 3.seconds)
        }
    })
