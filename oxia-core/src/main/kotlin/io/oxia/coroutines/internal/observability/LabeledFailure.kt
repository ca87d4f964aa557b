package io.oxia.coroutines.internal.observability

/**
 * A failure that names its kind in a few fixed words, for a metric's attribute: the kind, never the
 * message, which may name a key and would make a series per failure.
 */
internal interface LabeledFailure {
    /** The failure's kind, such as `connection` or `not_leader`. */
    val label: String
}
