package io.oxia.coroutines.testing

import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.ints.shouldBeLessThan
import io.kotest.matchers.shouldBe
import io.kotest.matchers.shouldNotBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.string.shouldEndWith
import io.kotest.matchers.string.shouldMatch
import io.oxia.coroutines.testing.internal.BinaryCheck
import io.oxia.coroutines.testing.internal.GoToolchain
import io.oxia.coroutines.testing.internal.ServerRecipe
import io.oxia.coroutines.testing.internal.ServerSource
import java.io.File
import java.nio.file.Files
import java.nio.file.Path
import java.time.Duration
import java.util.concurrent.Callable
import java.util.concurrent.Executors
import java.util.concurrent.TimeUnit

/** Every file and folder the spec creates, deleted after it. */
private val scratch: Path = Files.createTempDirectory("oxia-binary-spec-")

/**
 * How the kit finds or builds the server binary, and its failure paths: each fails fast with a
 * message that says what is missing and how to supply a binary. None of these builds Oxia: the Go
 * toolchain is replaced by a missing one, a fake one, or one with the module proxy turned off.
 */
class OxiaBinarySpec :
    FunSpec({
        // The build passes the version it tests; the source cases need it unset.
        val chosenVersion = System.getProperty("oxia.server.version")
        afterSpec { scratch.toFile().deleteRecursively() }

        afterEach {
            System.clearProperty("oxia.binary")
            System.clearProperty("oxia.cache.dir")
            System.clearProperty("oxia.server.source")
            chosenVersion?.let { System.setProperty("oxia.server.version", it) }
        }

        test("only the v0.14 releases before v0.14.2 are known to disorder concurrent writes") {
            OxiaBinary.disordersConcurrentWrites("v0.14.0") shouldBe true
            OxiaBinary.disordersConcurrentWrites("v0.14.1") shouldBe true
            OxiaBinary.disordersConcurrentWrites("v0.14.2") shouldBe false
            OxiaBinary.disordersConcurrentWrites(OxiaBinary.DEFAULT_VERSION) shouldBe false
        }

        test("an unknown version fails at once and lists the versions the kit can build") {
            val e = quickly { shouldThrow<OxiaServerException> { OxiaBinary.resolve("v9.9.9") } }
            e.message shouldContain "'v9.9.9' is unknown"
            e.message shouldContain "v0.14.0"
            e.message shouldContain "OXIA_BINARY"
        }

        test("a version name that is not a plain folder name is unknown") {
            shouldThrow<OxiaServerException> { OxiaBinary.resolve("../v0.14.0") }
                .message shouldContain "unknown"
        }

        test("an explicit binary that does not exist fails with its path") {
            System.setProperty("oxia.binary", "/nonexistent/oxia")
            val e = quickly { shouldThrow<OxiaServerException> { OxiaBinary.resolve() } }
            e.message shouldContain "'/nonexistent/oxia', which does not exist"
            e.message shouldContain "OXIA_BINARY"
        }

        test("an explicit binary that is not an Oxia server fails") {
            System.setProperty("oxia.binary", script("exit 3").toString())
            shouldThrow<OxiaServerException> { OxiaBinary.resolve() }.message shouldContain
                "('--help' exited with 3)"
        }

        test("a binary that ignores --help and keeps running is killed, not waited for") {
            val hanging = script("sleep 601")
            val e = quickly {
                shouldThrow<OxiaServerException> {
                    BinaryCheck.verify(hanging, "OXIA_BINARY", Duration.ofSeconds(1))
                }
            }
            e.message shouldContain "did not answer '--help' within 1 s"
            // Its child (the sleep) was killed with it.
            eventually { sleepers("601") shouldBe 0L }
        }

        test(
            "a build without the Go toolchain says that Go is missing and how to supply a binary"
        ) {
            System.setProperty(
                "oxia.cache.dir",
                Files.createTempDirectory(scratch, "oxia-cache").toString(),
            )
            val e = quickly {
                shouldThrow<OxiaServerException> {
                    OxiaBinary.resolve("v0.14.0", GoToolchain(path = "/nonexistent"))
                }
            }
            e.message shouldContain "needs the Go toolchain"
            e.message shouldContain "no 'go' was found on PATH"
            e.message shouldContain "OXIA_BINARY"
        }

        test("a build that cannot reach the module proxy fails with the tail of go's output")
            .config(enabled = goOnPath() != null) {
                System.setProperty(
                    "oxia.cache.dir",
                    Files.createTempDirectory(scratch, "oxia-cache").toString(),
                )
                val offline =
                    GoToolchain(
                        environment =
                            mapOf(
                                "GOPROXY" to "off",
                                "GOTOOLCHAIN" to "local",
                                "GOMODCACHE" to
                                    Files.createTempDirectory(scratch, "gomodcache").toString(),
                            )
                    )
                val e = quickly {
                    shouldThrow<OxiaServerException> { OxiaBinary.resolve("v0.14.0", offline) }
                }
                e.message shouldContain "'go mod tidy' for Oxia v0.14.0"
                e.message shouldContain "GOPROXY=off"
                e.message shouldContain "module proxy refused the module or could not be reached"
                e.message shouldContain "OXIA_BINARY"
            }

        test("a build that overruns its budget is killed and reported") {
            System.setProperty(
                "oxia.cache.dir",
                Files.createTempDirectory(scratch, "oxia-cache").toString(),
            )
            val slowGo = fakeGo("sleep 602")
            val e = quickly {
                shouldThrow<OxiaServerException> {
                    OxiaBinary.resolve(
                        "v0.14.0",
                        GoToolchain(path = slowGo, timeout = Duration.ofSeconds(2)),
                    )
                }
            }
            e.message shouldContain "did not finish within the build budget"
            eventually { sleepers("602") shouldBe 0L }
        }

        test("parallel callers build once, into the cache, and later calls reuse it") {
            val cache = Files.createTempDirectory(scratch, "oxia-cache")
            System.setProperty("oxia.cache.dir", cache.toString())
            val builds = Files.createTempFile(scratch, "builds", ".txt")
            // A fake toolchain: 'go build -o OUT PKG' writes a script that answers --help.
            val go =
                fakeGo(
                    """
                    if [ "${'$'}1" = build ]; then
                      sleep 1
                      echo built >> $builds
                      printf '#!/bin/sh\nexit 0\n' > "${'$'}3"
                      chmod +x "${'$'}3"
                    fi
                    """
                        .trimIndent()
                )
            val toolchain = GoToolchain(path = go)
            val pool = Executors.newFixedThreadPool(3)
            try {
                val paths =
                    pool
                        .invokeAll(
                            List(3) { Callable { OxiaBinary.resolve("v0.14.0", toolchain) } }
                        )
                        .map { it.get(30, TimeUnit.SECONDS) }
                val entry = "v0.14.0-${ServerRecipe.of("v0.14.0").contentHash}"
                paths.toSet() shouldBe setOf(cache.resolve(entry).resolve("oxia"))
            } finally {
                pool.shutdownNow()
            }
            OxiaBinary.resolve("v0.14.0", toolchain)
            Files.readAllLines(builds) shouldBe listOf("built")
        }

        test(
            "a source archive is extracted and its cmd module built, cached by the archive's hash"
        ) {
            val cache = Files.createTempDirectory(scratch, "oxia-cache")
            System.setProperty("oxia.cache.dir", cache.toString())
            val tree = Files.createTempDirectory(scratch, "tree").resolve("oxia-v9.8.7")
            Files.createDirectories(tree.resolve("cmd"))
            Files.writeString(tree.resolve("go.work"), "go 1.24\nuse ./cmd\n")
            Files.writeString(tree.resolve("cmd/main.go"), "package main\nfunc main() {}\n")
            val archive = tree.resolveSibling("oxia-v9.8.7.tar.gz")
            ProcessBuilder("tar", "-czf", "$archive", "-C", "${tree.parent}", "oxia-v9.8.7")
                .start()
                .waitFor(30, TimeUnit.SECONDS) shouldBe true
            System.setProperty("oxia.server.source", archive.toString())
            System.clearProperty("oxia.server.version")
            val builtIn = Files.createTempFile(scratch, "built-in", ".txt")
            val go =
                fakeGo(
                    """
                    pwd > $builtIn
                    printf '#!/bin/sh\nexit 0\n' > "${'$'}3"
                    chmod +x "${'$'}3"
                    """
                        .trimIndent()
                )

            OxiaBinary.configuredVersion() shouldBe "v9.8.7"
            val binary = OxiaBinary.resolve("v9.8.7", GoToolchain(path = go))

            val hash = ServerSource(archive).contentHash
            binary shouldBe cache.resolve("v9.8.7-src-$hash").resolve("oxia")
            Files.readString(builtIn).trim() shouldEndWith "oxia-v9.8.7/cmd"
            // Another version is still built from its recipe, not from the source.
            shouldThrow<OxiaServerException> { OxiaBinary.resolve("v9.9.9") }.message shouldContain
                "unknown"
        }

        test("a source names its version, and a folder's hash follows its Go files only") {
            ServerSource(Path.of("/x/oxia-v0.17.1.tar.gz")).version shouldBe "v0.17.1"
            ServerSource(Path.of("/x/oxia-v0.18.0-rc.1")).version shouldBe "v0.18.0-rc.1"
            ServerSource(Path.of("/x/oxia")).version shouldBe ServerSource.UNVERSIONED
            val folder = Files.createTempDirectory(scratch, "checkout")
            Files.writeString(folder.resolve("go.work"), "go 1.24\n")
            val before = ServerSource(folder).contentHash
            Files.writeString(folder.resolve("README.md"), "not a Go file")
            ServerSource(folder).contentHash shouldBe before
            Files.writeString(folder.resolve("main.go"), "package main\n")
            ServerSource(folder).contentHash shouldNotBe before
        }

        test("a source that does not exist fails with its path and what to give instead") {
            System.setProperty("oxia.server.source", "/nonexistent/oxia-v0.17.1.tar.gz")
            System.clearProperty("oxia.server.version")
            shouldThrow<OxiaServerException> { OxiaBinary.configuredVersion() }
                .message shouldContain "/nonexistent/oxia-v0.17.1.tar.gz, which does not exist"
        }

        test("an archive without a Go workspace is not taken for Oxia's source") {
            val cache = Files.createTempDirectory(scratch, "oxia-cache")
            System.setProperty("oxia.cache.dir", cache.toString())
            val tree = Files.createTempDirectory(scratch, "tree").resolve("oxia-v9.8.6")
            Files.createDirectories(tree)
            Files.writeString(tree.resolve("README"), "no workspace")
            val archive = tree.resolveSibling("oxia-v9.8.6.tar.gz")
            ProcessBuilder("tar", "-czf", "$archive", "-C", "${tree.parent}", "oxia-v9.8.6")
                .start()
                .waitFor(30, TimeUnit.SECONDS) shouldBe true
            System.setProperty("oxia.server.source", archive.toString())
            val go = fakeGo("exit 1")
            shouldThrow<OxiaServerException> {
                    OxiaBinary.resolve("v9.8.6", GoToolchain(path = go))
                }
                .message shouldContain "holds no go.work"
        }

        test("the cache entry of a version is named by a hash of its recipe's files") {
            val hashes = OxiaBinary.buildableVersions().map { ServerRecipe.of(it).contentHash }
            hashes.forEach { it shouldMatch Regex("[0-9a-f]{8}") }
            hashes.toSet().size shouldBe hashes.size
            ServerRecipe.of("v0.14.0").contentHash shouldBe ServerRecipe.of("v0.14.0").contentHash
        }

        test(
            "the installer entry point reports an explicit binary that does not exist, via OXIA_BINARY"
        ) {
            val (exit, output) = runInstaller(mapOf("OXIA_BINARY" to "/nonexistent/oxia"))
            exit shouldBe 1
            output shouldContain
                "OXIA_BINARY (or -Doxia.binary) is '/nonexistent/oxia', which does not exist"
        }

        test("the installer entry point prints the path of a working binary and how long it took") {
            val fake = script("exit 0")
            val (exit, output) =
                runInstaller(
                    mapOf("OXIA_BINARY" to fake.toString(), "OXIA_SERVER_VERSION" to "v0.14.0")
                )
            exit shouldBe 0
            output shouldContain "Oxia v0.14.0: $fake (resolved in "
        }

        test("the installer entry point fails for an unknown OXIA_SERVER_VERSION") {
            val (exit, output) = runInstaller(mapOf("OXIA_SERVER_VERSION" to "v9.9.9"))
            exit shouldBe 1
            output shouldContain "'v9.9.9' is unknown to the test kit; it can build v0.14.0"
        }
    })

private inline fun <T> quickly(block: () -> T): T {
    val started = System.nanoTime()
    val result = block()
    ((System.nanoTime() - started) / 1_000_000_000).toInt() shouldBeLessThan 15
    return result
}

private fun script(body: String): Path {
    val file = Files.createTempFile(scratch, "fake-oxia", ".sh")
    Files.writeString(file, "#!/bin/sh\n$body\n")
    file.toFile().setExecutable(true)
    return file
}

/** A PATH whose first folder holds a `go` script with [body]; the rest is this JVM's PATH. */
private fun fakeGo(body: String): String {
    val dir = Files.createTempDirectory(scratch, "fake-go")
    val go = dir.resolve("go")
    Files.writeString(go, "#!/bin/sh\n$body\n")
    go.toFile().setExecutable(true)
    return "$dir${File.pathSeparator}${System.getenv("PATH")}"
}

/** How many `sleep <seconds>` processes run. */
private fun sleepers(seconds: String): Long =
    ProcessHandle.allProcesses()
        .filter { it.info().command().orElse("").endsWith("sleep") }
        .filter { it.info().arguments().orElse(emptyArray()).contentEquals(arrayOf(seconds)) }
        .count()

private suspend fun eventually(assertion: () -> Unit) {
    val deadline = System.nanoTime() + 5_000_000_000
    while (true) {
        try {
            return assertion()
        } catch (e: AssertionError) {
            if (System.nanoTime() > deadline) throw e
            kotlinx.coroutines.delay(100)
        }
    }
}

private fun goOnPath(): File? =
    System.getenv("PATH")
        ?.split(File.pathSeparator)
        ?.map { File(it, "go") }
        ?.firstOrNull { it.canExecute() }

/** Runs [OxiaInstaller] in a fresh JVM with [environment] and no -D settings of this one. */
private fun runInstaller(environment: Map<String, String>): Pair<Int, String> {
    val java = Path.of(System.getProperty("java.home"), "bin", "java").toString()
    val output = Files.createTempFile(scratch, "installer", ".out").toFile()
    val builder =
        ProcessBuilder(
                java,
                "-cp",
                System.getProperty("java.class.path"),
                OxiaInstaller::class.java.name,
            )
            .redirectErrorStream(true)
            .redirectOutput(output)
    builder.environment().remove("OXIA_BINARY")
    builder.environment().remove("OXIA_SERVER_VERSION")
    builder.environment().putAll(environment)
    val process = builder.start()
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly()
        error("the installer did not finish within 60 s: ${output.readText()}")
    }
    return process.exitValue() to output.readText()
}
