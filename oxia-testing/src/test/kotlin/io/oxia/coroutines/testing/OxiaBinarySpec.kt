package io.oxia.coroutines.testing

import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.string.shouldContain
import io.oxia.coroutines.testing.internal.GoToolchain
import java.nio.file.Files

/**
 * The kit's failure paths: each fails fast with a message that says what is missing and how to
 * supply it.
 */
class OxiaBinarySpec :
    FunSpec({
        test("an unknown version fails at once and lists the versions the kit can build") {
            val e = shouldThrow<OxiaServerException> { OxiaBinary.resolve("v9.9.9", GoToolchain()) }
            e.message shouldContain "v9.9.9"
            e.message shouldContain "v0.14.0"
            e.message shouldContain "OXIA_BINARY"
        }

        test("an explicit binary that does not exist fails with its path") {
            System.setProperty("oxia.binary", "/nonexistent/oxia")
            try {
                shouldThrow<OxiaServerException> { OxiaBinary.resolve("v0.14.0") }
                    .message shouldContain "/nonexistent/oxia"
            } finally {
                System.clearProperty("oxia.binary")
            }
        }

        test("an explicit binary that is not an Oxia server fails instead of hanging") {
            val fake = Files.createTempFile("not-oxia", ".sh")
            Files.writeString(fake, "#!/bin/sh\nexit 3\n")
            fake.toFile().setExecutable(true)
            System.setProperty("oxia.binary", fake.toString())
            try {
                shouldThrow<OxiaServerException> { OxiaBinary.resolve("v0.14.0") }
                    .message shouldContain "does not run"
            } finally {
                System.clearProperty("oxia.binary")
            }
        }

        test(
            "a build without the Go toolchain says that Go is missing and how to supply a binary"
        ) {
            val emptyCache = Files.createTempDirectory("oxia-cache")
            System.setProperty("oxia.cache.dir", emptyCache.toString())
            try {
                val e =
                    shouldThrow<OxiaServerException> {
                        OxiaBinary.resolve("v0.14.0", GoToolchain(path = "/nonexistent"))
                    }
                e.message shouldContain "Go toolchain"
                e.message shouldContain "OXIA_BINARY"
            } finally {
                System.clearProperty("oxia.cache.dir")
            }
        }
    })
