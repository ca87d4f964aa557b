package io.oxia.coroutines.testing

/**
 * Which way through a [FaultProxy] a fault applies: the bytes the client sends to the server, the
 * bytes the server sends back, or both.
 */
public enum class FaultDirection {
    /** The bytes from the client (the side that connected to the proxy) to the server. */
    CLIENT_TO_SERVER,

    /** The bytes from the server back to the client. */
    SERVER_TO_CLIENT,

    /** Both ways at once. */
    BOTH;

    internal fun covers(one: FaultDirection): Boolean = this == BOTH || this == one
}
