package io.oxia.coroutines.testing

import io.oxia.coroutines.testing.internal.BinaryCheck
import io.oxia.coroutines.testing.internal.BuildLock
import io.oxia.coroutines.testing.internal.BuildProgress
import io.oxia.coroutines.testing.internal.GoToolchain
import io.oxia.coroutines.testing.internal.ServerRecipe
import io.oxia.coroutines.testing.internal.ServerSource
import java.io.IOException
import java.nio.file.Files
import java.nio.file.Path
import java.nio.file.Paths
import java.nio.file.StandardCopyOption
import java.util.concurrent.ConcurrentHashMap

/**
 * Finds the Oxia server binary the tests run, in this order:
 * 1. an explicit binary: the system property `oxia.binary`, else the environment variable
 *    `OXIA_BINARY` (checked: it must exist, be executable and answer `--help`);
 * 2. the cached build of the chosen version, `<cache>/<version>-<recipe hash>/oxia`, where
 *    `<cache>` is the system property `oxia.cache.dir`, else `OXIA_CACHE_DIR`, else
 *    `~/.cache/oxia-coroutines`, and `<recipe hash>` is the first 8 hex digits of a SHA-256 over
 *    the version's recipe files (so that a changed recipe is built afresh, never served stale);
 * 3. a fresh build of that version with the Go toolchain, then cached: from Oxia's own source when
 *    one is set (the system property `oxia.server.source`, else `OXIA_SERVER_SOURCE`: an archive of
 *    Oxia's repository such as `oxia-v0.17.1.tar.gz`, or a checkout; cached as
 *    `<cache>/<version>-src-<hash of the source>/oxia`) and the version is the source's, else from
 *    the Go module proxy following the kit's recipe for the version.
 *
 * The version is the system property `oxia.server.version`, else `OXIA_SERVER_VERSION`, else the
 * version in the source's name when a source is set (`v0.17.1`, or `source` when its name has
 * none), else [DEFAULT_VERSION]. Builds are serialised across threads and JVMs by a file lock next
 * to the cache, so parallel test processes build once and the others wait for it. A build prints a
 * line when it starts, a progress line every 30 s (time so far, the Go step, its last output) and
 * one with its time when it ends.
 *
 * Threading: every function blocks (a build takes minutes) and is safe to call from any thread; do
 * not call it on a coroutine dispatcher that must not block (use `Dispatchers.IO`).
 *
 * Errors: every failure is an [OxiaServerException] whose message says what is missing and how to
 * supply a binary instead (`OXIA_BINARY`). Nothing waits without a bound: a build is killed after
 * 15 minutes.
 */
public object OxiaBinary {
    /** The server version used when none is chosen and no source is set. */
    public const val DEFAULT_VERSION: String = "v0.15.0"

    private val CURRENT_SERVICE_NAMES =
        listOf("io.oxia.proto.v1.OxiaClient", "io.streamnative.oxia.proto.OxiaClient")

    /** The server version chosen for this run (see the class documentation). */
    @JvmStatic
    public fun configuredVersion(): String =
        setting("oxia.server.version", "OXIA_SERVER_VERSION")?.takeIf { it.isNotBlank() }
            ?: ServerSource.configured()?.version
            ?: DEFAULT_VERSION

    /** The versions the kit has recipes for, as listed in its recipe index. */
    @JvmStatic public fun buildableVersions(): List<String> = ServerRecipe.knownVersions()

    /**
     * The gRPC service names a server of [version] serves, from its recipe; for a version the kit
     * has no recipe for (a newer release, built from source or given as a binary), both names, as
     * every release from v0.15 serves them.
     */
    @JvmStatic
    public fun serviceNames(version: String): List<String> = runCatching {
        ServerRecipe.of(version).serviceNames
    }
        .getOrDefault(CURRENT_SERVICE_NAMES)

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

    internal fun resolve(version: String, go: GoToolchain): Path =
        find(version, go).also { binary ->
            if (announced.add(version to binary)) println("Using the Oxia $version server $binary")
        }

    // The version and binary this JVM was told about, so that each is said once.
    private val announced = ConcurrentHashMap.newKeySet<Pair<String, Path>>()

    private fun find(version: String, go: GoToolchain): Path {
        setting("oxia.binary", "OXIA_BINARY")
            ?.takeIf { it.isNotBlank() }
            ?.let {
                return BinaryCheck.verify(Paths.get(it), "OXIA_BINARY (or -Doxia.binary)")
            }
        val source = ServerSource.configured()?.takeIf { it.version == version }
        val recipe = if (source == null) ServerRecipe.of(version) else null
        val entry =
            source?.let { "$version-src-${it.contentHash}" } ?: "$version-${recipe!!.contentHash}"
        val dir = cacheDir().resolve(entry)
        val binary = dir.resolve("oxia")
        val cached = "the cached Oxia $version binary (delete it to rebuild)"
        if (Files.isExecutable(binary)) return BinaryCheck.verify(binary, cached)
        try {
            Files.createDirectories(dir)
            BuildLock.withLock(dir.resolve(".lock"), go.timeout.plusMinutes(1)) {
                // Another JVM may have built it while this one waited for the lock.
                if (!Files.isExecutable(binary)) {
                    val from = source?.let { "its source $it" } ?: "the Go module proxy"
                    println(
                        "Building the Oxia $version server from $from with Go into $binary, once per " +
                            "version: minutes with cold Go caches (3 to 9 on 2 busy cores), seconds with warm ones"
                    )
                    BuildProgress("Oxia $version server build", binary.resolveSibling("build"))
                        .use { progress ->
                            build(binary, version) { work, partial ->
                                if (source != null) go.buildSource(source, work, partial)
                                else go.build(recipe!!, work, partial)
                            }
                            println("Built the Oxia $version server in ${progress.seconds} s")
                        }
                }
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

    private fun build(
        binary: Path,
        version: String,
        make: (workDir: Path, output: Path) -> Unit,
    ) {
        // The work folder lives next to the cache entry, so that a failed build's go-*.log files
        // are easy to find (the error names the folder); the next build starts it afresh.
        val workDir = binary.resolveSibling("build")
        workDir.toFile().deleteRecursively()
        Files.createDirectories(workDir)
        val partial = binary.resolveSibling("oxia.partial")
        make(workDir, partial)
        BinaryCheck.verify(partial, "the binary just built for Oxia $version")
        Files.move(
            partial,
            binary,
            StandardCopyOption.ATOMIC_MOVE,
            StandardCopyOption.REPLACE_EXISTING,
        )
        workDir.toFile().deleteRecursively()
    }

    private fun cacheDir(): Path =
        setting("oxia.cache.dir", "OXIA_CACHE_DIR")
            ?.takeIf { it.isNotBlank() }
            ?.let { Paths.get(it) }
            ?: Paths.get(System.getProperty("user.home"), ".cache", "oxia-coroutines")

    private fun setting(property: String, env: String): String? =
        System.getProperty(property) ?: System.getenv(env)
}
