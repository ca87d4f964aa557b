package io.oxia.coroutines.testing

import io.oxia.coroutines.testing.internal.GoToolchain
import io.oxia.coroutines.testing.internal.ServerRecipe
import java.io.RandomAccessFile
import java.nio.file.Files
import java.nio.file.Path
import java.nio.file.Paths
import java.nio.file.StandardCopyOption
import java.util.concurrent.TimeUnit

/**
 * Finds the Oxia server binary the tests run, in this order: the system property `oxia.binary` or
 * the environment variable `OXIA_BINARY`; the cache for the chosen version
 * (`~/.cache/oxia-coroutines/<version>/oxia`, the folder set by `oxia.cache.dir` /
 * `OXIA_CACHE_DIR`); else it builds that version with the Go toolchain from the Go module proxy and
 * caches it. The version is `oxia.server.version` / `OXIA_SERVER_VERSION`, default
 * [DEFAULT_VERSION]. Builds are serialised across JVMs by a file lock, so parallel test processes
 * build once. Blocking.
 */
public object OxiaBinary {
    /**
     * The server version used when none is chosen: the newest the Go module proxy here serves
     * whole.
     */
    public const val DEFAULT_VERSION: String = "v0.14.0"

    /** The server version chosen for this run. */
    @JvmStatic
    public fun configuredVersion(): String =
        setting("oxia.server.version", "OXIA_SERVER_VERSION")?.takeIf { it.isNotBlank() }
            ?: DEFAULT_VERSION

    /** The versions the kit can build from the Go module proxy. */
    @JvmStatic public fun buildableVersions(): List<String> = ServerRecipe.knownVersions()

    /**
     * The gRPC service names a server of [version] serves; empty when unknown (an explicit binary).
     */
    @JvmStatic
    public fun serviceNames(version: String): List<String> = runCatching {
        ServerRecipe.of(version).serviceNames
    }
        .getOrDefault(emptyList())

    /** Whether the coordinator of [version] accepts a public address (`-p`). */
    internal fun coordinatorHasPublicFlag(version: String): Boolean = runCatching {
        ServerRecipe.of(version).coordinatorPublicFlag
    }
        .getOrDefault(true)

    /** The path of a working server binary of [version], building it if needed. */
    @JvmStatic
    @JvmOverloads
    public fun resolve(version: String = configuredVersion()): Path =
        resolve(version, GoToolchain())

    internal fun resolve(version: String, go: GoToolchain): Path {
        setting("oxia.binary", "OXIA_BINARY")
            ?.takeIf { it.isNotBlank() }
            ?.let {
                return checked(Paths.get(it), "OXIA_BINARY")
            }
        val recipe = ServerRecipe.of(version)
        val dir = cacheDir().resolve(version)
        val binary = dir.resolve("oxia")
        if (Files.isExecutable(binary)) return binary
        Files.createDirectories(dir)
        RandomAccessFile(dir.resolve(".lock").toFile(), "rw").channel.use { channel ->
            channel.lock().use {
                if (Files.isExecutable(binary)) return binary
                val moduleDir = Files.createTempDirectory("oxia-build-$version")
                val partial = dir.resolve("oxia.partial")
                go.build(recipe, moduleDir, partial)
                Files.move(
                    partial,
                    binary,
                    StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING,
                )
            }
        }
        return checked(binary, "the binary built for $version")
    }

    private fun checked(binary: Path, origin: String): Path {
        if (!Files.isRegularFile(binary)) {
            throw OxiaServerException("$origin names '$binary', which does not exist")
        }
        if (!Files.isExecutable(binary))
            throw OxiaServerException("$origin names '$binary', which is not executable")
        val process =
            try {
                ProcessBuilder(binary.toString(), "--help").redirectErrorStream(true).start()
            } catch (e: Exception) {
                throw OxiaServerException(
                    "$origin names '$binary', which cannot be started: ${e.message}",
                    e,
                )
            }
        process.inputStream.readAllBytes()
        if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
            process.destroyForcibly()
            throw OxiaServerException(
                "$origin names '$binary', which does not run as an Oxia server ('--help' failed)"
            )
        }
        return binary
    }

    private fun cacheDir(): Path =
        setting("oxia.cache.dir", "OXIA_CACHE_DIR")?.let { Paths.get(it) }
            ?: Paths.get(System.getProperty("user.home"), ".cache", "oxia-coroutines")

    private fun setting(property: String, env: String): String? =
        System.getProperty(property) ?: System.getenv(env)
}
