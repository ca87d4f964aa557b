package io.oxia.coroutines.testing.internal

import io.oxia.coroutines.testing.OxiaServerException
import java.io.File
import java.io.IOException
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
        val goBinary =
            go
                ?: throw OxiaServerException(
                    "Building Oxia ${recipe.version} needs the Go toolchain ('go' on PATH, Go 1.24 or later, with " +
                        "access to the Go module proxy), but no 'go' was found on PATH ($path). Install Go, or " +
                        "set OXIA_BINARY (or -Doxia.binary) to the path of an Oxia server binary."
                )
        recipe.writeModule(moduleDir)
        val deadline = System.nanoTime() + timeout.toNanos()
        step(goBinary, recipe, moduleDir, deadline, listOf("mod", "tidy"))
        step(
            goBinary,
            recipe,
            moduleDir,
            deadline,
            listOf("build", "-o", output.toString(), recipe.goPackage),
        )
    }

    private fun step(
        go: File,
        recipe: ServerRecipe,
        dir: Path,
        deadline: Long,
        args: List<String>,
    ) {
        val what = "'go ${args.joinToString(" ")}' for Oxia ${recipe.version} (in $dir)"
        val log = dir.resolve("go-${args[0]}.log").toFile()
        val remaining = Duration.ofNanos(maxOf(0L, deadline - System.nanoTime()))
        val exit =
            try {
                BoundedCommand.run(
                    listOf(go.path) + args,
                    remaining,
                    log,
                    dir.toFile(),
                    toolchainEnvironment(recipe),
                )
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
