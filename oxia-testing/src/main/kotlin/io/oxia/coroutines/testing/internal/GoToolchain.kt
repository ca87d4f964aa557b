package io.oxia.coroutines.testing.internal

import io.oxia.coroutines.testing.OxiaServerException
import java.io.File
import java.nio.file.Path
import java.util.concurrent.TimeUnit

/** Runs the Go toolchain to build a server binary from a recipe's throwaway module. */
internal class GoToolchain(private val path: String = System.getenv("PATH") ?: "") {
    private val go: File? =
        path
            .split(File.pathSeparator)
            .map { File(it, "go") }
            .firstOrNull { it.isFile && it.canExecute() }

    fun build(recipe: ServerRecipe, moduleDir: Path, output: Path, timeoutMinutes: Long = 15) {
        val goBinary =
            go
                ?: throw OxiaServerException(
                    "building Oxia ${recipe.version} needs the Go toolchain ('go' on PATH, Go 1.24 or later, with " +
                        "access to the Go module proxy); none was found on PATH. Install Go, or point OXIA_BINARY " +
                        "(or -Doxia.binary) at an Oxia server binary."
                )
        recipe.writeModule(moduleDir)
        run(goBinary, recipe, moduleDir, timeoutMinutes, "mod", "tidy")
        run(
            goBinary,
            recipe,
            moduleDir,
            timeoutMinutes,
            "build",
            "-o",
            output.toString(),
            recipe.goPackage,
        )
    }

    private fun run(
        go: File,
        recipe: ServerRecipe,
        dir: Path,
        timeoutMinutes: Long,
        vararg args: String,
    ) {
        val log = dir.resolve("go-${args[0]}.log").toFile()
        val builder =
            ProcessBuilder(listOf(go.path) + args).directory(dir.toFile()).redirectErrorStream(true)
        builder.redirectOutput(log)
        builder.environment()["PATH"] = path
        builder.environment()["GOFLAGS"] = "-mod=mod"
        recipe.goToolchain?.let { builder.environment()["GOTOOLCHAIN"] = it }
        val process = builder.start()
        if (!process.waitFor(timeoutMinutes, TimeUnit.MINUTES)) {
            process.destroyForcibly()
            throw OxiaServerException(
                "'go ${args.joinToString(" ")}' for Oxia ${recipe.version} took over $timeoutMinutes min"
            )
        }
        if (process.exitValue() != 0) {
            val tail = log.readLines().takeLast(15).joinToString("\n")
            val hint =
                if ("403" in tail || "proxy" in tail || "dial tcp" in tail) {
                    "\nThe Go module proxy refused or could not be reached (check GOPROXY and the network)."
                } else ""
            throw OxiaServerException(
                "'go ${args.joinToString(" ")}' failed while building Oxia ${recipe.version}:\n$tail$hint\n" +
                    "Point OXIA_BINARY (or -Doxia.binary) at an Oxia server binary to skip the build."
            )
        }
    }
}
