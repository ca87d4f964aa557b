package io.oxia.coroutines.internal.validation

import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.string.shouldContain
import io.oxia.coroutines.InvalidArgumentException

class KeyValidationSpec :
    FunSpec({
        test("empty keys are rejected") {
            shouldThrow<InvalidArgumentException> { validateRecordKey("") }.message shouldContain
                "empty"
        }

        test("keys in Oxia's internal namespace are rejected") {
            shouldThrow<InvalidArgumentException> { validateRecordKey("__oxia/x") }
                .message shouldContain "__oxia/"
        }

        test("a lone surrogate is rejected, wherever it stands") {
            listOf("a\uD800", "\uDC00b", "x\uD800y").forEach {
                shouldThrow<InvalidArgumentException> { validateRecordKey(it) }
                    .message shouldContain "surrogate"
            }
        }

        test("ordinary, non-ASCII and supplementary-plane keys are accepted") {
            listOf("a", "/a/b", "clé", "中文", "emoji-\uD83D\uDE00", "__oxia", "x/__oxia/").forEach {
                validateRecordKey(it)
            }
        }
    })
