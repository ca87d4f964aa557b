package io.oxia.coroutines.testing.internal

import io.grpc.ChannelCredentials
import io.grpc.Grpc
import io.grpc.InsecureChannelCredentials
import io.grpc.ManagedChannel
import io.grpc.Metadata
import io.grpc.TlsChannelCredentials
import io.oxia.coroutines.testing.OxiaSecurity

/**
 * How the kit's own calls reach a server's public port: plaintext, or with the TLS material and the
 * bearer token of an [OxiaSecurity].
 */
internal class PublicPortAccess(private val security: OxiaSecurity = OxiaSecurity.NONE) {
    private val credentials: ChannelCredentials = credentials(security.tls)

    fun channel(address: String): ManagedChannel =
        Grpc.newChannelBuilder(address, credentials).build()

    /** The `namespace` header, the `shard-id` header when [shard] is given, and the token. */
    fun headers(namespace: String, shard: Long? = null): Metadata =
        Metadata().apply {
            put(key("namespace"), namespace)
            shard?.let { put(key("shard-id"), it.toString()) }
            security.auth?.let { put(key("authorization"), "Bearer ${it.token.get()}") }
        }

    private companion object {
        fun key(name: String): Metadata.Key<String> =
            Metadata.Key.of(name, Metadata.ASCII_STRING_MARSHALLER)

        fun credentials(tls: OxiaSecurity.Tls?): ChannelCredentials {
            if (tls == null) return InsecureChannelCredentials.create()
            val builder = TlsChannelCredentials.newBuilder().trustManager(tls.trustedCa.toFile())
            if (tls.clientCertificate != null && tls.clientKey != null) {
                builder.keyManager(tls.clientCertificate.toFile(), tls.clientKey.toFile())
            }
            return builder.build()
        }
    }
}
