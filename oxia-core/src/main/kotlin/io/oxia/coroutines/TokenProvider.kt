package io.oxia.coroutines

/**
 * Supplies the bearer token sent as `authorization: Bearer <token>` with every call. It is asked
 * before each call, so a provider that caches and refreshes its token is picked up without
 * reconnecting. It runs on the client's dispatcher and must not block; a failure fails the call
 * with [UnauthenticatedException].
 */
public fun interface TokenProvider {
    /** The current token, without the `Bearer ` prefix. */
    public suspend fun token(): String
}
