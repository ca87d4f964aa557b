package io.oxia.coroutines.internal.validation

/** The prefix of the keys Oxia keeps for itself; user keys must not start with it. */
internal const val INTERNAL_KEY_PREFIX = "__oxia/"

/** Rejects a record key that Oxia would misread or that belongs to the server. */
internal fun validateRecordKey(key: String, what: String = "key") {
    requireArgument(key.isNotEmpty()) { "$what must not be empty" }
    requireArgument(!key.startsWith(INTERNAL_KEY_PREFIX)) {
        "$what must not start with the internal prefix '$INTERNAL_KEY_PREFIX': '$key'"
    }
    validateText(key, what)
}

/**
 * Rejects text that has no UTF-8 form: a lone UTF-16 surrogate would be silently replaced on the
 * wire.
 */
internal fun validateText(text: String, what: String) {
    var i = 0
    while (i < text.length) {
        val c = text[i]
        if (
            Character.isHighSurrogate(c) &&
                i + 1 < text.length &&
                Character.isLowSurrogate(text[i + 1])
        ) {
            i += 2
            continue
        }
        requireArgument(!Character.isSurrogate(c)) {
            "$what has a lone UTF-16 surrogate at index $i"
        }
        i++
    }
}
