package io.oxia.coroutines.testing

import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldContain
import io.kotest.matchers.collections.shouldContainExactly
import io.kotest.matchers.collections.shouldNotBeEmpty
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldNotBeBlank
import io.oxia.coroutines.testing.internal.ServerRecipe
import java.nio.file.Files
import java.nio.file.Path

/** Every file and folder the spec creates, deleted after it. */
private val scratch: Path = Files.createTempDirectory("recipe-spec-")

/**
 * The build recipes shipped in the kit's resources are complete and say what each version serves.
 */
class ServerRecipeSpec :
    FunSpec({
        afterSpec { scratch.toFile().deleteRecursively() }

        test("every version in the recipe index has a recipe whose files are all present") {
            val versions = ServerRecipe.knownVersions()
            versions shouldContain OxiaBinary.DEFAULT_VERSION
            for (version in versions) {
                val recipe = ServerRecipe.of(version)
                recipe.goPackage.shouldNotBeBlank()
                recipe.serviceNames.shouldNotBeEmpty()
                // Writing the module fails when a listed file is missing.
                recipe.writeModule(Files.createTempDirectory(scratch, "recipe-$version-"))
            }
        }

        test("v0.14.0 builds the cmd package and serves only the legacy service name") {
            val recipe = ServerRecipe.of("v0.14.0")
            recipe.goPackage shouldBe "github.com/oxia-db/oxia/cmd"
            recipe.coordinatorPublicFlag shouldBe false
            recipe.serviceNames shouldContainExactly listOf("io.streamnative.oxia.proto.OxiaClient")
            val module = Files.createTempDirectory(scratch, "recipe-v0.14.0-")
            recipe.writeModule(module)
            Files.readString(module.resolve("go.mod")).lines() shouldContain
                "require github.com/oxia-db/oxia v0.14.0"
        }
    })
