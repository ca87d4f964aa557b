package io.oxia.coroutines.testing

import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldContainExactly
import io.kotest.matchers.shouldBe
import org.testcontainers.utility.DockerImageName

/** No Docker engine runs here: this checks how the container is configured, without starting it. */
class OxiaContainerSpec :
    FunSpec({
        test("runs a standalone server with the requested shards on the exposed public port") {
            val container = OxiaContainer(DockerImageName.parse("oxia/oxia:0.16.3"), shards = 5)
            container.imageName.asCanonicalNameString() shouldBe "oxia/oxia:0.16.3"
            container.exposedPorts shouldContainExactly listOf(6648)
            container.commandParts.toList() shouldContainExactly
                listOf(
                    "oxia",
                    "standalone",
                    "-p",
                    "0.0.0.0:6648",
                    "-s",
                    "5",
                    "--wal-sync-data=false",
                )
        }

        test("the default image follows the configured server version") {
            OxiaContainer().imageName.versionPart shouldBe
                OxiaBinary.configuredVersion().removePrefix("v")
        }
    })
