package io.oxia.coroutines.testing.internal

import io.oxia.coroutines.testing.OxiaServerException
import java.io.IOException
import java.nio.file.Files
import java.nio.file.Path
import java.time.Duration
import java.util.concurrent.ConcurrentHashMap

/**
 * Checks that a file is a server binary that runs: it exists, is executable and answers `--help`
 * within a time limit (a program that ignores `--help` and keeps running is killed, not waited
 * for). A binary that passed is not checked again in this JVM.
 */
internal object BinaryCheck {
    private val passed: MutableSet<Path> = ConcurrentHashMap.newKeySet()

    /**
     * Returns [binary] when it runs; [origin] names where it came from in the error.
     *
     * @throws OxiaServerException saying what is wrong with it and how to supply another.
     */
    fun verify(binary: Path, origin: String, timeout: Duration = Duration.ofSeconds(10)): Path {
        val absolute = binary.toAbsolutePath()
        if (absolute in passed) return binary
        fun fail(problem: String, cause: Throwable? = null): Nothing =
            throw OxiaServerException(
                "$origin is '$binary', which $problem. Set OXIA_BINARY (or -Doxia.binary) to the " +
                    "path of a working Oxia server binary, or unset it to let the kit build one.",
                cause,
            )
        if (!Files.exists(binary)) fail("does not exist")
        if (!Files.isRegularFile(binary)) fail("is not a file")
        if (!Files.isExecutable(binary)) fail("is not executable")
        val exit =
            try {
                BoundedCommand.run(listOf(absolute.toString(), "--help"), timeout)
            } catch (e: IOException) {
                fail("cannot be started (${e.message})", e)
            }
        when (exit) {
            null -> fail("did not answer '--help' within ${timeout.toSeconds()} s")
            0 -> passed.add(absolute)
            else -> fail("does not run as an Oxia server ('--help' exited with $exit)")
        }
        return binary
    }
}
