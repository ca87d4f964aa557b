package io.oxia.coroutines.testing

/**
 * The test kit could not provide a running Oxia: no server binary could be found or built, or a
 * server did not start or become ready in time. The message says what is missing and how to supply
 * it.
 */
public class OxiaServerException(message: String, cause: Throwable? = null) :
    RuntimeException(message, cause)
