package io.oxia.coroutines.testing

/**
 * Resolves (building if needed) the server binary for the configured version; CI runs it before the
 * tests.
 */
public object OxiaInstaller {
    /**
     * Prints the binary's path and how long resolving it took; exits non-zero with the reason on
     * failure.
     */
    @JvmStatic
    public fun main(args: Array<String>) {
        val version = args.firstOrNull() ?: OxiaBinary.configuredVersion()
        val started = System.nanoTime()
        try {
            val binary = OxiaBinary.resolve(version)
            println("Oxia $version: $binary (${(System.nanoTime() - started) / 1_000_000} ms)")
        } catch (e: OxiaServerException) {
            System.err.println(e.message)
            kotlin.system.exitProcess(1)
        }
    }
}
