package io.oxia.coroutines.testing

import io.oxia.coroutines.testing.internal.BinaryCheck
import io.oxia.coroutines.testing.internal.BuildLock
import io.oxia.coroutines.testing.internal.GoToolchain
import io.oxia.coroutines.testing.internal.ServerRecipe
import java.io.IOException
import java.nio.file.Files
import java.nio.file.Path
import java.nio.file.Paths
import java.nio.file.StandardCopyOption

/**
 * Finds the Oxia server binary the tests run, in this order:
 * 1. an explicit binary: the system property `oxia.binary`, else the environment variable
 *    `OXIA_BINARY` (checked: it must exist, be executable and answer `--help`);
 * 2. the cached build of the chosen version, `<cache>/<version>-<recipe hash>/oxia`, where
 *    `<cache>` is the system property `oxia.cache.dir`, else `OXIA_CACHE_DIR`, else
 *    `~/.cache/oxia-coroutines`, and `<recipe hash>` is the first 8 hex digits of a SHA-256 over
 *    the version's recipe files (so that a changed recipe is built afresh, never served stale);
 * 3. a fresh build of that version with the Go toolchain from the Go module proxy, following the
 *    kit's recipe for the version, then cached.
 *
 * The version is the system property `oxia.server.version`, else `OXIA_SERVER_VERSION`, else
 * [DEFAULT_VERSION]. Builds are serialised across threads and JVMs by a file lock next to the
 * cache, so parallel test processes build once and the others wait for it.
 *
 * Threading: every function blocks (a build takes minutes) and is safe to call from any thread; do
 * not call it on a coroutine dispatcher that must not block (use `Dispatchers.IO`).
 *
 * Errors: every failure is an [OxiaServerException] whose message says what is missing and how to
 * supply a binary instead (`OXIA_BINARY`). Nothing waits without a bound: a build is killed after
 * 15 minutes.
 */
public object OxiaBinary {
    /** The server version used when none is chosen. */
    public const val DEFAULT_VERSION: String = "v0.15.0"

    /** The server version chosen for this run (see the class documentation). */
    @JvmStatic
    public fun configuredVersion(): String =
        setting("oxia.server.version", "OXIA_SERVER_VERSION")?.takeIf { it.isNotBlank() }
            ?: DEFAULT_VERSION

    /** The versions the kit has recipes for, as listed in its recipe index. */
    @JvmStatic public fun buildableVersions(): List<String> = ServerRecipe.knownVersions()

    /**
     * The gRPC service names a server of [version] serves, from its recipe; empty when the kit has
     * no recipe for [version].
     */
    @JvmStatic
    public fun serviceNames(version: String): List<String> = runCatching {
        ServerRecipe.of(version).serviceNames
    }
        .getOrDefault(emptyList())

    /**
     * Whether a shard leader of [version] may append two writes that reach it at the same time
     * (over two write streams, or one stream and the leader's own session bookkeeping) to its log
     * out of order, after which it fails every write to that shard with "invalid next offset in
     * wal". Oxia v0.14.0 and v0.14.1 do; v0.14.2 fixed it (oxia-db/oxia#738). Tests that kill
     * servers under load cannot tell a client's fault from this one on such a version.
     */
    @JvmStatic
    public fun disordersConcurrentWrites(version: String): Boolean =
        version == "v0.14.0" || version == "v0.14.1"

    /** Whether the coordinator of [version] accepts a public address (`-p`). */
    internal fun coordinatorHasPublicFlag(version: String): Boolean = runCatching {
        ServerRecipe.of(version).coordinatorPublicFlag
    }
        .getOrDefault(true)

    /**
     * The path of a working server binary: the explicit one if set, else the one of [version],
     * built if it is not cached yet. Blocks for the whole build when one is needed.
     *
     * @throws OxiaServerException when the explicit binary does not run, [version] is unknown, Go
     *   is missing, the build fails or overruns its time limit.
     */
    @JvmStatic
    @JvmOverloads
    public fun resolve(version: String = configuredVersion()): Path =
        resolve(version, GoToolchain())

    internal fun resolve(version: String, go: GoToolchain): Path {
        setting("oxia.binary", "OXIA_BINARY")
            ?.takeIf { it.isNotBlank() }
            ?.let {
                return BinaryCheck.verify(Paths.get(it), "OXIA_BINARY (or -Doxia.binary)")
            }
        val recipe = ServerRecipe.of(version)
        val dir = cacheDir().resolve("$version-${recipe.contentHash}")
        val binary = dir.resolve("oxia")
        val cached = "the cached Oxia $version binary (delete it to rebuild)"
        if (Files.isExecutable(binary)) return BinaryCheck.verify(binary, cached)
        try {
            Files.createDirectories(dir)
            BuildLock.withLock(dir.resolve(".lock"), go.timeout.plusMinutes(1)) {
                // Another JVM may have built it while this one waited for the lock.
                if (!Files.isExecutable(binary)) build(recipe, go, binary)
            }
        } catch (e: IOException) {
            throw OxiaServerException(
                "Cannot write the Oxia binary cache $dir (${e.message}). Set OXIA_CACHE_DIR (or " +
                    "-Doxia.cache.dir) to a writable folder, or set OXIA_BINARY (or -Doxia.binary) to the " +
                    "path of an Oxia server binary.",
                e,
            )
        }
        return BinaryCheck.verify(binary, cached)
    }

    private fun build(recipe: ServerRecipe, go: GoToolchain, binary: Path) {
        // The throwaway module lives next to the cache entry, so that a failed build's go-*.log
        // files are easy to find (the error names the folder); the next build starts it afresh.
        val moduleDir = binary.resolveSibling("build")
        moduleDir.toFile().deleteRecursively()
        Files.createDirectories(moduleDir)
        val partial = binary.resolveSibling("oxia.partial")
        go.build(recipe, moduleDir, partial)
        BinaryCheck.verify(partial, "the binary just built for Oxia ${recipe.version}")
        Files.move(
            partial,
            binary,
            StandardCopyOption.ATOMIC_MOVE,
            StandardCopyOption.REPLACE_EXISTING,
        )
        moduleDir.toFile().deleteRecursively()
    }

    private fun cacheDir(): Path =
        setting("oxia.cache.dir", "OXIA_CACHE_DIR")
            ?.takeIf { it.isNotBlank() }
            ?.let { Paths.get(it) }
            ?: Paths.get(System.getProperty("user.home"), ".cache", "oxia-coroutines")

    private fun setting(property: String, env: String): String? =
        System.getProperty(property) ?: System.getenv(env)
}
