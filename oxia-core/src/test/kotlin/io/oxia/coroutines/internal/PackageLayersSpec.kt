package io.oxia.coroutines.internal

import io.kotest.assertions.withClue
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldBeEmpty
import java.io.File

/**
 * The internal packages' layers, as `docs/architecture.md` draws them: a package imports only
 * packages of lower layers, so dependencies run one way, siblings never import each other and no
 * cycle can form. A new package fails here until it is given a layer here and in the document.
 */
class PackageLayersSpec :
    FunSpec({
        val layers =
            mapOf(
                "internal" to 4,
                "internal.batching" to 3,
                "internal.session" to 3,
                "internal.streams" to 3,
                "internal.routing" to 2,
                "internal.admin" to 2,
                "internal.retry" to 1,
                "internal.transport" to 1,
                "internal.order" to 1,
                "internal.validation" to 0,
                "internal.logging" to 0,
                "internal.conversion" to 0,
            )
        val root = File("src/main/kotlin/io/oxia/coroutines")
        val imports = internalImports(root)

        test("every internal package has a layer") {
            withClue("give these packages a layer here and in docs/architecture.md") {
                (imports.keys + imports.values.flatten().map { it.target } - layers.keys)
                    .shouldBeEmpty()
            }
        }

        test("imports go down the layers only") {
            val upward = imports.flatMap { (from, found) ->
                found
                    .filter { (layers[it.target] ?: 0) >= (layers[from] ?: 0) }
                    .map { "${it.file} ($from) imports ${it.target}" }
            }
            withClue("docs/architecture.md: a package imports only lower layers") {
                upward.shouldBeEmpty()
            }
        }
    })

private class InternalImport(val file: String, val target: String)

/** For each internal package, the imports of its files from other internal packages. */
private fun internalImports(root: File): Map<String, List<InternalImport>> {
    val pattern = Regex("""^import io\.oxia\.coroutines\.(internal(?:\.[a-z]+)*)\.\w+""")
    return root
        .resolve("internal")
        .walkTopDown()
        .filter { it.isFile && it.extension == "kt" }
        .groupBy { it.parentFile.relativeTo(root).path.replace(File.separatorChar, '.') }
        .mapValues { (pkg, files) ->
            files.flatMap { file ->
                file
                    .readLines()
                    .mapNotNull { pattern.find(it)?.groupValues?.get(1) }
                    .filter { it != pkg }
                    .map { InternalImport(file.name, it) }
            }
        }
}
