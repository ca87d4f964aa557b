package io.oxia.coroutines.samples

import io.kotest.assertions.withClue
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldContainAll
import io.kotest.matchers.shouldBe
import java.nio.file.Files
import java.nio.file.Path

/**
 * The README's tours are the samples `KotlinTour.kt` and `JavaTour.java` word for word (from their
 * first import on), which the samples command compiles and runs, checking what they print. A tour
 * edited in the README alone, or a sample edited without its tour, fails here.
 */
class ReadmeToursSpec :
    FunSpec({
        val root = Path.of("").toAbsolutePath().parent
        val readme = Files.readString(root.resolve("README.md"))
        val linked = Regex("""\]\((samples/src/main/[^)]*Tour\.(kt|java))\)""")

        fun codeAfter(index: Int): String {
            val open = readme.indexOf("```", index)
            val start = readme.indexOf('\n', open) + 1
            return readme.substring(start, readme.indexOf("\n```", start))
        }

        test("the README shows both tours") {
            linked.findAll(readme).map { it.groupValues[1] }.toSet() shouldContainAll
                setOf(
                    "samples/src/main/kotlin/io/oxia/coroutines/samples/KotlinTour.kt",
                    "samples/src/main/java/io/oxia/coroutines/samples/JavaTour.java",
                )
        }

        test("each tour in the README is its sample, from the first import on") {
            for (link in linked.findAll(readme)) {
                val sample = Files.readString(root.resolve(link.groupValues[1]))
                val fromImports = sample.substring(sample.indexOf("\nimport ") + 1).trimEnd()
                withClue(link.groupValues[1]) {
                    codeAfter(link.range.last).trimEnd() shouldBe fromImports
                }
            }
        }
    })
