package io.oxia.coroutines.samples

/**
 * Fails the sample run when what a sample observed is not what it expected, so that running samples
 * tests them.
 */
fun check(expected: Any?, actual: Any?, what: String) {
    if (expected != actual)
        throw IllegalStateException(
            "sample check failed: $what: expected <$expected>, got <$actual>"
        )
    println("  ok: $what = $actual")
}
