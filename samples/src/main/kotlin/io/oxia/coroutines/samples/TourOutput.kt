package io.oxia.coroutines.samples

import java.io.ByteArrayOutputStream
import java.io.OutputStream
import java.io.PrintStream

/**
 * Runs [tour], still printing what it prints, and fails the sample run unless its lines of output
 * are [expected]: the README's tours print their results instead of checking them, so this checks
 * them for the README.
 */
suspend fun checkPrints(what: String, expected: List<String>, tour: suspend () -> Unit) {
    val original = System.out
    val captured = ByteArrayOutputStream()
    val both =
        object : OutputStream() {
            override fun write(b: Int) {
                original.write(b)
                captured.write(b)
            }

            override fun write(b: ByteArray, off: Int, len: Int) {
                original.write(b, off, len)
                captured.write(b, off, len)
            }
        }
    System.setOut(PrintStream(both, true))
    try {
        tour()
    } finally {
        System.out.flush()
        System.setOut(original)
    }
    check(expected, captured.toString().lines().filter { it.isNotBlank() }, what)
}
