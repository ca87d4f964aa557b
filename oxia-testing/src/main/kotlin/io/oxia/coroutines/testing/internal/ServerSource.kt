package io.oxia.coroutines.testing.internal

import io.oxia.coroutines.testing.OxiaServerException
import java.nio.file.Files
import java.nio.file.Path
import java.nio.file.Paths
import java.security.MessageDigest
import kotlin.io.path.extension
import kotlin.io.path.isRegularFile
import kotlin.io.path.name

/**
 * Oxia's own source to build a server from: a release archive of the repository (the `.tar.gz` that
 * `git archive` or a release page gives, one top folder holding `go.work`) or a checkout folder.
 * The server is built from its `cmd` module inside the source's Go workspace, so this takes any
 * Oxia release that has one (v0.16 and later), including those the Go module proxy does not serve.
 */
internal class ServerSource(val path: Path) {
    /** Whether [path] is an archive, extracted before the build, rather than a folder. */
    val isArchive: Boolean = path.isRegularFile()

    /**
     * The version the source's name gives (`oxia-v0.17.1.tar.gz`, a folder `oxia-v0.17.1`), else
     * [UNVERSIONED]: what the kit calls the server built from it.
     */
    val version: String =
        VERSION_IN_NAME.find(path.name.removeSuffix(".tar.gz").removeSuffix(".tgz"))?.value
            ?: UNVERSIONED

    /**
     * The first 8 hex digits of a SHA-256 over the archive's bytes, or over the paths, sizes and
     * modification times of a folder's Go sources, so that changed sources are built afresh.
     */
    val contentHash: String by lazy {
        val digest = MessageDigest.getInstance("SHA-256")
        if (isArchive) {
            Files.newInputStream(path).use { input ->
                val buffer = ByteArray(1 shl 16)
                while (true) {
                    val read = input.read(buffer)
                    if (read < 0) break
                    digest.update(buffer, 0, read)
                }
            }
        } else {
            Files.walk(path).use { files ->
                files
                    .filter { it.isRegularFile() && it.isGoSource() }
                    .sorted()
                    .forEach {
                        val line =
                            "${path.relativize(it)}\u0000${Files.size(it)}\u0000" +
                                "${Files.getLastModifiedTime(it).toMillis()}\n"
                        digest.update(line.toByteArray(Charsets.UTF_8))
                    }
            }
        }
        digest.digest().take(4).joinToString("") { "%02x".format(it) }
    }

    override fun toString(): String = path.toString()

    private fun Path.isGoSource(): Boolean =
        extension == "go" || name in setOf("go.mod", "go.sum", "go.work", "go.work.sum")

    companion object {
        /** What a server built from a source whose name carries no version is called. */
        const val UNVERSIONED: String = "source"

        private val VERSION_IN_NAME = Regex("v\\d+\\.\\d+\\.\\d+[A-Za-z0-9.+-]*$")

        /**
         * The source set by the system property `oxia.server.source`, else the environment variable
         * `OXIA_SERVER_SOURCE`; `null` when neither is set.
         *
         * @throws OxiaServerException when the setting names nothing that exists.
         */
        fun configured(): ServerSource? {
            val setting =
                (System.getProperty("oxia.server.source") ?: System.getenv("OXIA_SERVER_SOURCE"))
                    ?.takeIf { it.isNotBlank() } ?: return null
            val path = Paths.get(setting).toAbsolutePath().normalize()
            if (!Files.exists(path)) {
                throw OxiaServerException(
                    "OXIA_SERVER_SOURCE (or -Doxia.server.source) names $path, which does not exist. " +
                        "Point it to an archive of Oxia's repository (a .tar.gz of a release) or to a checkout."
                )
            }
            return ServerSource(path)
        }
    }
}
