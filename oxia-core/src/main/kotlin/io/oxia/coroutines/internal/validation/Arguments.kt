package io.oxia.coroutines.internal.validation

import io.oxia.coroutines.InvalidArgumentException

/** Fails with the client's typed [InvalidArgumentException] when [condition] does not hold. */
internal inline fun requireArgument(condition: Boolean, message: () -> String) {
    if (!condition) throw InvalidArgumentException(message())
}
