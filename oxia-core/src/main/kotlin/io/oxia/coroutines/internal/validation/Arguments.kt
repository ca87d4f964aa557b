package io.oxia.coroutines.internal.validation

import io.oxia.coroutines.InvalidArgumentException

/** Fails with the client's typed [InvalidArgumentException] when [condition] does not hold. */
internal inline fun requireArgument(condition: Boolean, message: () -> String) {
    if (!condition) throw InvalidArgumentException(message())
}

/**
 * Checks an operation's own timeout: `null` (the client's request timeout) or positive.
 *
 * @throws io.oxia.coroutines.InvalidArgumentException otherwise.
 */
internal fun validateTimeout(timeout: kotlin.time.Duration?) {
    if (timeout != null)
        requireArgument(timeout.isPositive()) { "timeout must be positive, was $timeout" }
}
