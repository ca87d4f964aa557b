package io.oxia.coroutines.internal.transport

import io.grpc.Metadata
import io.oxia.coroutines.TokenProvider
import io.oxia.coroutines.UnauthenticatedException
import kotlinx.coroutines.CancellationException

/**
 * Builds the gRPC metadata Oxia reads: the namespace, the shard a call is for, and the bearer
 * token.
 */
internal class CallHeaders(
    private val namespace: String,
    private val tokenProvider: TokenProvider?,
) {
    /** Whether the headers carry a token, which [forShard] asks the token provider for. */
    val asksToken: Boolean
        get() = tokenProvider != null

    /** The headers for a call about [shardId] (`null` for none), with a fresh token. */
    suspend fun forShard(shardId: Long?): Metadata {
        val headers = withoutToken(shardId)
        if (tokenProvider != null) headers.put(AUTHORIZATION, "Bearer ${token(tokenProvider)}")
        return headers
    }

    /** The headers of [forShard] without the token, made without suspending. */
    fun withoutToken(shardId: Long?): Metadata {
        val headers = Metadata()
        headers.put(NAMESPACE, namespace)
        if (shardId != null) headers.put(SHARD_ID, shardId.toString())
        return headers
    }

    private suspend fun token(provider: TokenProvider): String =
        try {
            provider.token()
        } catch (e: CancellationException) {
            throw e
        } catch (e: Exception) {
            throw UnauthenticatedException("the token provider failed: ${e.message}", e)
        }

    private companion object {
        val NAMESPACE: Metadata.Key<String> =
            Metadata.Key.of("namespace", Metadata.ASCII_STRING_MARSHALLER)
        val SHARD_ID: Metadata.Key<String> =
            Metadata.Key.of("shard-id", Metadata.ASCII_STRING_MARSHALLER)
        val AUTHORIZATION: Metadata.Key<String> =
            Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER)
    }
}
