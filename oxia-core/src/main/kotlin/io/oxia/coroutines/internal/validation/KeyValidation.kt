package io.oxia.coroutines.internal.validation

/** The prefix of the keys Oxia keeps for itself; user keys must not start with it. */
internal const val INTERNAL_KEY_PREFIX = "__oxia/"

/**
 * Rejects a record key that belongs to the server, has no UTF-8 form or is longer than [maxBytes]
 * in UTF-8. Empty and blank keys are records like any other to the server, and so to the client.
 */
internal fun validateRecordKey(key: String, maxBytes: Int, what: String = "key") {
    requireArgument(!key.startsWith(INTERNAL_KEY_PREFIX)) {
        "$what must not start with the internal prefix '$INTERNAL_KEY_PREFIX': '$key'"
    }
    validateText(key, what, maxBytes)
}

/**
 * Rejects text that has no UTF-8 form (a lone UTF-16 surrogate would be silently replaced on the
 * wire) or that is longer than [maxBytes] in UTF-8.
 */
internal fun validateText(text: String, what: String, maxBytes: Int = Int.MAX_VALUE) {
    val bytes =
        utf8Length(text) { i ->
            requireArgument(false) { "$what has a lone UTF-16 surrogate at index $i" }
        }
    requireArgument(bytes <= maxBytes) {
        "$what has $bytes bytes in UTF-8, more than maxKeyBytes ($maxBytes)"
    }
}

/**
 * The length of [text] in UTF-8, without encoding it; [loneSurrogate] is told the index of each
 * UTF-16 surrogate without its partner (which has no UTF-8 form; counted as 3 bytes).
 */
internal inline fun utf8Length(text: String, loneSurrogate: (index: Int) -> Unit = {}): Long {
    var bytes = 0L
    var i = 0
    while (i < text.length) {
        val c = text[i]
        if (
            Character.isHighSurrogate(c) &&
                i + 1 < text.length &&
                Character.isLowSurrogate(text[i + 1])
        ) {
            bytes += 4
            i += 2
            continue
        }
        if (Character.isSurrogate(c)) loneSurrogate(i)
        bytes +=
            when {
                c.code < 0x80 -> 1
                c.code < 0x800 -> 2
                else -> 3
            }
        i++
    }
    return bytes
}
