package io.oxia.coroutines.testing.internal

import java.io.File
import java.util.concurrent.atomic.AtomicInteger

private val counter = AtomicInteger()

/**
 * A fresh folder for one server or cluster, under `target/oxia-servers/` of the module whose tests
 * run (the system property `oxia.work.dir` overrides the root). It is kept after the test so that
 * logs and data can be inspected; `mvn clean` removes it.
 */
internal fun serverWorkDir(kind: String): File {
    val root = File(System.getProperty("oxia.work.dir") ?: "target/oxia-servers").absoluteFile
    root.mkdirs()
    return File(root, "$kind-${System.currentTimeMillis()}-${counter.incrementAndGet()}").apply {
        mkdirs()
    }
}
