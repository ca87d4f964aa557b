package io.oxia.coroutines.testing

import kotlin.system.exitProcess

/**
 * Command-line entry point that makes sure the server binary is there before the tests run, so that
 * the build's minutes are spent (and reported) once, up front. CI runs it with `./mvnw -pl
 * oxia-testing exec:java -Dexec.mainClass=io.oxia.coroutines.testing.OxiaInstaller`.
 */
public object OxiaInstaller {
    /**
     * Resolves the binary of the version given as the first argument (default: the configured
     * version, see [OxiaBinary]), building it if needed, and prints its path and how long that
     * took. Exits with status 1 and the reason on stderr when no binary can be had. Blocks for the
     * whole build (at most 15 minutes).
     */
    @JvmStatic
    public fun main(args: Array<String>) {
        val version = args.firstOrNull() ?: OxiaBinary.configuredVersion()
        println("Resolving the Oxia $version server binary (a build takes minutes)")
        val started = System.nanoTime()
        try {
            val binary = OxiaBinary.resolve(version)
            val seconds = (System.nanoTime() - started) / 1e9
            println("Oxia $version: $binary (resolved in ${"%.1f".format(seconds)} s)")
        } catch (e: OxiaServerException) {
            System.err.println(e.message)
            exitProcess(1)
        }
    }
}
