package io.oxia.coroutines.java

import io.oxia.coroutines.ClientStats
import io.oxia.coroutines.ConnectionState
import io.oxia.coroutines.DeleteOptions
import io.oxia.coroutines.GetOptions
import io.oxia.coroutines.GetResult
import io.oxia.coroutines.OxiaClient
import io.oxia.coroutines.OxiaClientConfig
import io.oxia.coroutines.PutOptions
import io.oxia.coroutines.PutResult
import io.oxia.coroutines.RangeOptions

/** [OxiaSyncClient] over the Kotlin client [core]: each call waits through [facade]. */
internal class RealOxiaSyncClient(private val core: OxiaClient, private val facade: FacadeScope) :
    OxiaSyncClient {
    override val config: OxiaClientConfig
        get() = core.config

    override fun connectionState(): ConnectionState = core.connectionState.value

    override fun stats(): ClientStats = core.stats()

    override fun put(key: String, value: ByteArray, options: PutOptions): PutResult = facade.await {
        core.put(key, value, options)
    }

    override fun get(key: String, options: GetOptions): GetResult? = facade.await {
        core.get(key, options)
    }

    override fun delete(key: String, options: DeleteOptions): Boolean = facade.await {
        core.delete(key, options)
    }

    override fun deleteRange(startInclusive: String, endExclusive: String, partitionKey: String?) =
        facade.await {
            core.deleteRange(startInclusive, endExclusive, partitionKey)
        }

    override fun listKeys(
        startInclusive: String,
        endExclusive: String,
        options: RangeOptions,
    ): List<String> = facade.await {
        core
            .list(startInclusive, endExclusive, options)
            .collectAtMost(OxiaAsyncClient.MAX_COLLECTED, "OxiaAsyncClient.list()")
    }

    override fun rangeScanAll(
        startInclusive: String,
        endExclusive: String,
        options: RangeOptions,
    ): List<GetResult> = facade.await {
        core
            .rangeScan(startInclusive, endExclusive, options)
            .collectAtMost(OxiaAsyncClient.MAX_COLLECTED, "OxiaAsyncClient.rangeScan()")
    }

    override fun close() {
        core.close()
    }

    override fun toString(): String = "OxiaSyncClient(${core.config.serviceAddress})"
}
