package io.oxia.coroutines.java

import io.oxia.coroutines.TlsOptions
import io.oxia.coroutines.TokenProvider
import io.oxia.coroutines.admin.OxiaAdminClient
import io.oxia.coroutines.admin.OxiaAdminClientBuilder
import java.time.Duration
import java.util.concurrent.Executor
import java.util.function.Supplier
import kotlin.time.toKotlinDuration

/**
 * Collects the settings of an [OxiaAdminAsyncClient]; made by [OxiaAdminAsyncClient.builder]. See
 * [OxiaAdminClientBuilder] for what each setting means.
 */
public class OxiaAdminAsyncClientBuilder internal constructor(adminAddress: String) {
    private val core = OxiaAdminClientBuilder(adminAddress)
    private var callbacks: Executor = CallbackExecutor.default

    /**
     * Where futures complete, and so where their non-`Async` stages run; see
     * [OxiaAsyncClientBuilder.callbackExecutor]. Default: the shared `oxia-callbacks-N` pool.
     */
    public fun callbackExecutor(executor: Executor): OxiaAdminAsyncClientBuilder = apply {
        callbacks = executor
    }

    /** The longest one call may take, retries included. Default 30 s. */
    public fun requestTimeout(timeout: Duration): OxiaAdminAsyncClientBuilder = apply {
        core.requestTimeout = timeout.toKotlinDuration()
    }

    /** Transport security; plaintext when not set. */
    public fun tls(tls: TlsOptions): OxiaAdminAsyncClientBuilder = apply { core.tls = tls }

    /**
     * Supplies the bearer token for every call; asked before each call, so it must be fast and must
     * not block.
     */
    public fun tokenSupplier(supplier: Supplier<String>): OxiaAdminAsyncClientBuilder = apply {
        core.tokenProvider = TokenProvider { supplier.get() }
    }

    /**
     * Makes the client. Connecting is lazy: an unreachable coordinator shows in the calls.
     *
     * @throws io.oxia.coroutines.InvalidArgumentException when the settings are invalid.
     */
    public fun build(): OxiaAdminAsyncClient =
        OxiaAdminAsyncClient(OxiaAdminClient.connect(core.build()), FacadeScope(callbacks))
}
