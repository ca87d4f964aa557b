package io.oxia.coroutines

/**
 * Maps a server address, as the client learns it (the service address, and each data server's
 * address in the shard map), to the `host:port` the client actually dials: for clients that reach
 * the servers through port forwarding, NAT or a proxy. The client still presents the original
 * address as the HTTP/2 authority (and checks it against the server's TLS certificate), since the
 * servers know themselves by it.
 *
 * The client asks once per address, on its own threads, and keeps the answer for its lifetime; the
 * translator must answer at once, without blocking, and must not throw (an exception fails the
 * calls that needed the connection).
 */
public fun interface AddressTranslator {
    /** The `host:port` to dial for the server known as [address] (`host:port`). */
    public fun translate(address: String): String
}
