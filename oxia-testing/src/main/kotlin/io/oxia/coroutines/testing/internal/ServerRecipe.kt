package io.oxia.coroutines.testing.internal

import io.oxia.coroutines.testing.OxiaServerException
import java.nio.file.Files
import java.nio.file.Path
import java.security.MessageDigest
import java.util.Properties

/** How to build one Oxia server version from the Go module proxy; read from the kit's resources. */
internal class ServerRecipe(
    val version: String,
    private val files: List<String>,
    val goPackage: String,
    val goToolchain: String?,
    val coordinatorPublicFlag: Boolean,
    val serviceNames: List<String>,
) {
    /** Writes the recipe's throwaway Go module into [dir]. */
    fun writeModule(dir: Path) {
        for (file in files) Files.writeString(dir.resolve(file), text(file))
    }

    /**
     * The first 8 hex digits of a SHA-256 over `recipe.properties` and every file of the module, so
     * that a binary cached for an older recipe of the same version is never served.
     */
    val contentHash: String by lazy {
        val digest = MessageDigest.getInstance("SHA-256")
        for (file in listOf("recipe.properties") + files) {
            digest.update("$file\u0000${text(file)}\u0000".toByteArray(Charsets.UTF_8))
        }
        digest.digest().take(4).joinToString("") { "%02x".format(it) }
    }

    private fun text(file: String): String =
        resource("$version/$file")
            ?: throw OxiaServerException("the recipe of Oxia $version lacks its file $file")

    companion object {
        private const val ROOT = "io/oxia/coroutines/testing/recipes"
        private val VERSION_NAME = Regex("[A-Za-z0-9][A-Za-z0-9._+-]*")

        /** The versions the kit can build. */
        fun knownVersions(): List<String> =
            resource("index.txt")?.lines()?.map { it.trim() }?.filter { it.isNotEmpty() }
                ?: emptyList()

        /**
         * The recipe of [version], read from the folder of that name.
         *
         * @throws OxiaServerException when there is none, listing the versions there are.
         */
        fun of(version: String): ServerRecipe {
            val text =
                version
                    .takeIf { VERSION_NAME.matches(it) }
                    ?.let { resource("$it/recipe.properties") }
                    ?: throw OxiaServerException(
                        "Oxia server version '$version' is unknown to the test kit; it can build " +
                            "${knownVersions().joinToString()}. Set oxia.server.version / OXIA_SERVER_VERSION to one " +
                            "of them, or set OXIA_BINARY (or -Doxia.binary) to the path of an Oxia server binary."
                    )
            val properties = Properties().apply { load(text.reader()) }
            fun list(key: String) =
                properties
                    .getProperty(key, "")
                    .split(',')
                    .map { it.trim() }
                    .filter { it.isNotEmpty() }
            val files = list("files")
            if (files.isEmpty()) throw OxiaServerException("recipe $version: no files")
            return ServerRecipe(
                version = version,
                files = files,
                goPackage =
                    properties.getProperty("package")
                        ?: throw OxiaServerException("recipe $version: no package"),
                goToolchain = properties.getProperty("goToolchain")?.takeIf { it.isNotBlank() },
                coordinatorPublicFlag =
                    properties.getProperty("coordinatorPublicFlag", "true").toBoolean(),
                serviceNames = list("serviceNames"),
            )
        }

        private fun resource(name: String): String? =
            ServerRecipe::class.java.classLoader.getResourceAsStream("$ROOT/$name")?.use {
                it.readBytes().toString(Charsets.UTF_8)
            }
    }
}
