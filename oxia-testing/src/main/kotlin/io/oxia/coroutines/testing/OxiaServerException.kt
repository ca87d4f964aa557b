package io.oxia.coroutines.testing

/**
 * The test kit could not provide a running Oxia: no server binary could be found, checked or built
 * (Go missing, module proxy unreachable, unknown version, build over its time limit), or a server
 * process exited or did not become ready in time. The message says what is missing and how to
 * supply it (usually: set `OXIA_BINARY` to a server binary); readiness failures carry the tail of
 * the server's log. Unchecked, since tests cannot recover from it.
 */
public class OxiaServerException
@JvmOverloads
constructor(message: String, cause: Throwable? = null) : RuntimeException(message, cause)
