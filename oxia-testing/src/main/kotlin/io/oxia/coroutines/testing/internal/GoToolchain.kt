package io.oxia.coroutines.testing.internal

import io.oxia.coroutines.testing.OxiaServerException
import java.io.File
import java.io.IOException
import java.nio.file.Files
import java.nio.file.Path
import java.time.Duration

/**
 * Runs the Go toolchain to build a server binary from a recipe's throwaway module.
 *
 * @param path the directories searched for `go` and handed to it as `PATH` (tests pass one without
 *   Go).
 * @param environment variables added to the toolchain's environment (tests turn the proxy off).
 * @param timeout the budget for the whole build, `go mod tidy` included.
 */
internal class GoToolchain(
    private val path: String = System.getenv("PATH") ?: "",
    private val environment: Map<String, String> = emptyMap(),
    val timeout: Duration = Duration.ofMinutes(15),
) {
    private val go: File? =
        path
            .split(File.pathSeparator)
            .filter { it.isNotEmpty() }
            .map { File(it, "go") }
            .firstOrNull { it.isFile && it.canExecute() }

    /**
     * Writes [recipe]'s module into [moduleDir], resolves its dependencies and builds the server to
     * [output].
     *
     * @throws OxiaServerException when Go is missing, a step fails (with the tail of its output) or
     *   the build overruns [timeout].
     */
    fun build(recipe: ServerRecipe, moduleDir: Path, output: Path) {
        val goBinary = goOrFail("Oxia ${recipe.version}")
        recipe.writeModule(moduleDir)
        val deadline = System.nanoTime() + timeout.toNanos()
        val label = "Oxia ${recipe.version}"
        val environment = toolchainEnvironment(recipe)
        step(listOf(goBinary.path, "mod", "tidy"), label, moduleDir, deadline, environment)
        step(
            // -v names each package as it is built: the progress lines show the last one.
            listOf(goBinary.path, "build", "-o", output.toString(), "-v", recipe.goPackage),
            label,
            moduleDir,
            deadline,
            environment,
        )
    }

    /**
     * Builds the server of [source] to [output]: an archive is extracted into [workDir] first; the
     * `cmd` module is then built inside the source's Go workspace, its dependencies coming from the
     * Go module proxy.
     *
     * @throws OxiaServerException when Go is missing, the source has no `cmd` module, a step fails
     *   (with the tail of its output) or the build overruns [timeout].
     */
    fun buildSource(source: ServerSource, workDir: Path, output: Path) {
        val label = "Oxia ${source.version} from $source"
        val goBinary = goOrFail(label)
        val deadline = System.nanoTime() + timeout.toNanos()
        val root =
            if (!source.isArchive) source.path
            else {
                step(
                    listOf("tar", "-xzf", source.path.toString(), "-C", workDir.toString()),
                    label,
                    workDir,
                    deadline,
                    emptyMap(),
                    logName = "tar.log",
                )
                workspaceRoot(workDir)
                    ?: throw OxiaServerException(
                        "$label: the archive holds no go.work at its top or in its one top folder, " +
                            "so it is not an archive of Oxia's repository."
                    )
            }
        val cmd = root.resolve("cmd")
        if (!Files.isDirectory(cmd)) {
            throw OxiaServerException(
                "$label: $cmd does not exist; the kit builds the server from the cmd module of Oxia " +
                    "v0.16 or later. For an older release, set oxia.server.version to one of " +
                    "${ServerRecipe.knownVersions().joinToString()}, or set OXIA_BINARY."
            )
        }
        // The source's own go.work joins its modules, whatever GOWORK or -mod the environment sets.
        val inherited = environment["GOFLAGS"] ?: System.getenv("GOFLAGS").orEmpty()
        val flags = inherited.split(' ').filter { it.isNotBlank() && !it.startsWith("-mod") }
        val sourceEnvironment =
            mapOf("PATH" to path) +
                environment +
                mapOf(
                    "GOWORK" to root.resolve("go.work").toString(),
                    "GOFLAGS" to flags.joinToString(" "),
                )
        step(
            listOf(goBinary.path, "build", "-o", output.toString(), "-v", "."),
            label,
            cmd,
            deadline,
            sourceEnvironment,
            logFolder = workDir,
        )
    }

    private fun workspaceRoot(dir: Path): Path? {
        if (Files.isRegularFile(dir.resolve("go.work"))) return dir
        val children =
            Files.list(dir).use { entries -> entries.filter(Files::isDirectory).toList() }
        return children.singleOrNull()?.takeIf { Files.isRegularFile(it.resolve("go.work")) }
    }

    private fun goOrFail(what: String): File =
        go
            ?: throw OxiaServerException(
                "Building $what needs the Go toolchain ('go' on PATH, Go 1.24 or later, with " +
                    "access to the Go module proxy), but no 'go' was found on PATH ($path). Install Go, or " +
                    "set OXIA_BINARY (or -Doxia.binary) to the path of an Oxia server binary."
            )

    private fun step(
        command: List<String>,
        label: String,
        dir: Path,
        deadline: Long,
        environment: Map<String, String>,
        logFolder: Path = dir,
        logName: String = "go-${command[1]}.log",
    ) {
        val shown = (listOf(File(command[0]).name) + command.drop(1)).joinToString(" ")
        val what = "'$shown' for $label (in $dir)"
        val log = logFolder.resolve(logName).toFile()
        val remaining = Duration.ofNanos(maxOf(0L, deadline - System.nanoTime()))
        val exit =
            try {
                BoundedCommand.run(command, remaining, log, dir.toFile(), environment)
            } catch (e: IOException) {
                throw OxiaServerException("$what could not be started: ${e.message}", e)
            }
        val tail = runCatching { log.readLines().takeLast(TAIL_LINES) }.getOrDefault(emptyList())
        if (exit == null) {
            throw OxiaServerException(
                "$what did not finish within the build budget of ${timeout.toMinutes()} min and was killed. " +
                    "Last output:\n${tail.joinToString("\n")}\n$SUPPLY_BINARY"
            )
        }
        if (exit != 0) {
            val hint =
                if (tail.any { line -> PROXY_TROUBLE.any { it in line } }) {
                    "\nThe Go module proxy refused the module or could not be reached " +
                        "(check GOPROXY, GOFLAGS and the network)."
                } else ""
            throw OxiaServerException(
                "$what failed with exit code $exit:\n${tail.joinToString("\n")}$hint\n$SUPPLY_BINARY"
            )
        }
    }

    private fun toolchainEnvironment(recipe: ServerRecipe): Map<String, String> = buildMap {
        put("PATH", path)
        // The throwaway module has no go.sum until tidy writes it; -mod=mod lets tidy and build
        // update it.
        val inherited = environment["GOFLAGS"] ?: System.getenv("GOFLAGS").orEmpty()
        put("GOFLAGS", "$inherited -mod=mod".trim())
        // A go.work above the cache folder must not pull the throwaway module into a workspace.
        put("GOWORK", "off")
        recipe.goToolchain?.let { put("GOTOOLCHAIN", it) }
        putAll(environment.filterKeys { it != "GOFLAGS" })
    }

    private companion object {
        const val TAIL_LINES = 15
        const val SUPPLY_BINARY =
            "To skip the build, set OXIA_BINARY (or -Doxia.binary) to the path of an Oxia server binary."
        val PROXY_TROUBLE =
            listOf(
                "403",
                "404",
                "410",
                "proxy",
                "dial tcp",
                "GOPROXY",
                "no such host",
                "i/o timeout",
            )
    }
}
