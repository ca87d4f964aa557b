package io.oxia.coroutines.it

// Apart from RealOxia.kt, whose file class needs kotest: the facade's Java tests use this too.

/** Whether [version] is 0.[minor] or later; a version that does not parse (a source build) is. */
fun isAtLeast(version: String, minor: Int): Boolean {
    val (major, found) =
        Regex("""^v?(\d+)\.(\d+)""").find(version)?.destructured?.let { (a, b) ->
            a.toInt() to b.toInt()
        } ?: return true
    return major > 0 || found >= minor
}
