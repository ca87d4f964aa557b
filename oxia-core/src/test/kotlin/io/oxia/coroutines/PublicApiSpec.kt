package io.oxia.coroutines

import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import java.io.File
import java.lang.reflect.Modifier

/**
 * The public API of `io.oxia.coroutines` as the JVM sees it, compared with the checked-in dump
 * `api/oxia-core.api`. A change to the public surface fails here until the dump is updated on
 * purpose: copy `target/oxia-core.api.actual` over `api/oxia-core.api`. The admin client's package
 * `io.oxia.coroutines.admin` is recorded the same way in `api/oxia-core-admin.api`.
 */
class PublicApiSpec :
    FunSpec({
        test("the public API matches the checked-in dump") {
            val actual = dump()
            File("target/oxia-core.api.actual").writeText(actual)
            val expected = File("api/oxia-core.api").takeIf { it.exists() }?.readText() ?: ""
            actual shouldBe expected
        }

        test("the admin client's public API matches the checked-in dump") {
            val actual = dump("io.oxia.coroutines.admin")
            File("target/oxia-core-admin.api.actual").writeText(actual)
            val expected = File("api/oxia-core-admin.api").takeIf { it.exists() }?.readText() ?: ""
            actual shouldBe expected
        }
    })

private fun dump(pkg: String = "io.oxia.coroutines"): String {
    val root = File("target/classes/" + pkg.replace('.', '/'))
    val classes =
        root
            .listFiles { f -> f.name.endsWith(".class") }!!
            .map { Class.forName("$pkg." + it.name.removeSuffix(".class")) }
            .filter { Modifier.isPublic(it.modifiers) && !it.isSynthetic }
            .sortedBy { it.name }
    return buildString {
        for (type in classes) {
            appendLine(type.toGenericString())
            val members =
                type.declaredConstructors
                    .filter { Modifier.isPublic(it.modifiers) && !it.isSynthetic }
                    .map { it.toGenericString() } +
                    type.declaredMethods
                        .filter {
                            Modifier.isPublic(it.modifiers) && !it.isSynthetic && '$' !in it.name
                        }
                        .map { it.toGenericString() } +
                    type.declaredFields
                        .filter { Modifier.isPublic(it.modifiers) && !it.isSynthetic }
                        .map { it.toGenericString() }
            members.sorted().forEach { appendLine("    $it") }
        }
    }
}
