package io.oxia.coroutines.testing.it

import io.oxia.coroutines.testing.OxiaStandalone
import kotlin.system.exitProcess

/**
 * A program that starts a standalone server, prints its address and exits without closing it, as a
 * test JVM does when a test forgets `close()`; `OxiaStandaloneSpec` checks that the kit's shutdown
 * hook still takes the server down.
 */
object AbandonedStandalone {
    @JvmStatic
    fun main(args: Array<String>) {
        val server = OxiaStandalone.start(shards = 1)
        println("address=${server.serviceAddress}")
        exitProcess(0)
    }
}
