package io.oxia.coroutines.benchmarks

import java.io.File

/**
 * Copies the class folders of this JVM's class path (the reactor modules' `target/classes`) into a
 * private folder, so that every worker of a run loads the same classes even when a build elsewhere
 * recompiles the modules meanwhile. Jars (from the local repository) are used in place.
 */
object ClassPathSnapshot {
    /** Takes the snapshot under [dir] and returns the class path that uses it. */
    fun take(dir: File): String {
        dir.deleteRecursively()
        return System.getProperty("java.class.path")
            .split(File.pathSeparator)
            .mapIndexed { index, entry ->
                val source = File(entry)
                if (!source.isDirectory) return@mapIndexed entry
                val copy = File(dir, "$index-${source.parentFile?.parentFile?.name ?: "classes"}")
                source.copyRecursively(copy, overwrite = true)
                copy.absolutePath
            }
            .joinToString(File.pathSeparator)
    }
}
