package io.oxia.coroutines.internal.validation

import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.string.shouldContain
import io.oxia.coroutines.InvalidArgumentException

class KeyValidationSpec :
    FunSpec({
        val limit = 64 * 1024

        test("empty and blank keys are accepted: the server stores them") {
            listOf("", " ", "\t", " \n ").forEach { validateRecordKey(it, limit) }
        }

        test("keys in Oxia's internal namespace are rejected") {
            shouldThrow<InvalidArgumentException> { validateRecordKey("__oxia/x", limit) }
                .message shouldContain "__oxia/"
        }

        test("a lone surrogate is rejected, wherever it stands") {
            listOf("a\uD800", "\uDC00b", "x\uD800y").forEach {
                shouldThrow<InvalidArgumentException> { validateRecordKey(it, limit) }
                    .message shouldContain "surrogate"
            }
        }

        test("the size limit counts UTF-8 bytes, not characters") {
            validateRecordKey("a".repeat(6), 6)
            validateRecordKey("é".repeat(3), 6)
            validateRecordKey("\uD83D\uDE00", 4)
            shouldThrow<InvalidArgumentException> { validateRecordKey("é".repeat(4), 6) }
                .message shouldContain "8 bytes"
            shouldThrow<InvalidArgumentException> { validateRecordKey("中中", 5) }
                .message shouldContain "maxKeyBytes (5)"
        }

        test("ordinary, non-ASCII and supplementary-plane keys are accepted") {
            listOf("a", "/a/b", " a ", "clé", "中文", "emoji-\uD83D\uDE00", "__oxia", "x/__oxia/")
                .forEach { validateRecordKey(it, limit) }
        }
    })
