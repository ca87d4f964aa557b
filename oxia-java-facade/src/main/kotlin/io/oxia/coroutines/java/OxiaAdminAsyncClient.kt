package io.oxia.coroutines.java

import io.oxia.coroutines.admin.DataServer
import io.oxia.coroutines.admin.DataServerView
import io.oxia.coroutines.admin.NamespaceConfig
import io.oxia.coroutines.admin.NamespaceView
import io.oxia.coroutines.admin.OxiaAdminClient
import io.oxia.coroutines.admin.OxiaAdminConfig
import io.oxia.coroutines.admin.ShardSplit
import java.util.concurrent.CompletableFuture

/**
 * The admin client of the Oxia coordinator for Java: every call returns a [CompletableFuture].
 *
 * Futures complete on the callback executor ([OxiaAdminAsyncClientBuilder.callbackExecutor]), never
 * on the client's threads, so callbacks may block; failures arrive as the cause of a
 * `CompletionException`, from the `OxiaException` hierarchy (a missing namespace is a
 * `NamespaceNotFoundException`, an existing one on create a `NamespaceAlreadyExistsException`).
 * Cancelling a future cancels its call; a change already sent may still be applied. Every call is
 * bounded by the request timeout. Semantics and errors are those of [OxiaAdminClient].
 */
public class OxiaAdminAsyncClient
internal constructor(private val core: OxiaAdminClient, private val facade: FacadeScope) :
    AutoCloseable {
    /** The configuration the client was made with. */
    public val config: OxiaAdminConfig
        get() = core.config

    /** Every namespace with its shards; see [OxiaAdminClient.listNamespaces]. */
    public fun listNamespaces(): CompletableFuture<List<NamespaceView>> = facade.future {
        core.listNamespaces()
    }

    /** The namespace [name] with its shards; see [OxiaAdminClient.getNamespace]. */
    public fun getNamespace(name: String): CompletableFuture<NamespaceView> = facade.future {
        core.getNamespace(name)
    }

    /** Creates a namespace; see [OxiaAdminClient.createNamespace]. */
    public fun createNamespace(namespace: NamespaceConfig): CompletableFuture<NamespaceConfig> =
        facade.future {
            core.createNamespace(namespace)
        }

    /**
     * Changes a namespace's replication factor and/or notifications; `null` keeps a setting. See
     * [OxiaAdminClient.patchNamespace].
     */
    public fun patchNamespace(
        name: String,
        replicationFactor: Int?,
        notificationsEnabled: Boolean?,
    ): CompletableFuture<NamespaceConfig> = facade.future {
        core.patchNamespace(name, replicationFactor, notificationsEnabled)
    }

    /** Deletes a namespace; see [OxiaAdminClient.deleteNamespace]. */
    public fun deleteNamespace(name: String): CompletableFuture<NamespaceConfig> = facade.future {
        core.deleteNamespace(name)
    }

    /**
     * Splits [shard] of [namespace] in two, in the middle or at [splitPoint] when not `null`; see
     * [OxiaAdminClient.splitShard].
     */
    @JvmOverloads
    public fun splitShard(
        namespace: String,
        shard: Long,
        splitPoint: Long? = null,
    ): CompletableFuture<ShardSplit> = facade.future {
        core.splitShard(namespace, shard, splitPoint)
    }

    /** Every registered data server; see [OxiaAdminClient.listDataServers]. */
    public fun listDataServers(): CompletableFuture<List<DataServerView>> = facade.future {
        core.listDataServers()
    }

    /** The data server called [name]; see [OxiaAdminClient.getDataServer]. */
    public fun getDataServer(name: String): CompletableFuture<DataServerView> = facade.future {
        core.getDataServer(name)
    }

    /** Registers a data server; see [OxiaAdminClient.createDataServer]. */
    public fun createDataServer(dataServer: DataServer): CompletableFuture<DataServer> =
        facade.future {
            core.createDataServer(dataServer)
        }

    /** Replaces a data server's registration; see [OxiaAdminClient.patchDataServer]. */
    public fun patchDataServer(dataServer: DataServer): CompletableFuture<DataServer> =
        facade.future {
            core.patchDataServer(dataServer)
        }

    /** Unregisters the data server called [name]; see [OxiaAdminClient.deleteDataServer]. */
    public fun deleteDataServer(name: String): CompletableFuture<DataServer> = facade.future {
        core.deleteDataServer(name)
    }

    /**
     * Closes the client; the future completes when it is closed. See [OxiaAdminClient.shutdown].
     */
    public fun closeAsync(): CompletableFuture<Void?> = facade.future {
        core.shutdown()
        null
    }

    /** Closes the client and waits until it is closed. Idempotent. */
    override fun close() {
        core.close()
    }

    public companion object {
        /**
         * A builder for a client of the coordinator whose admin address is [adminAddress]
         * (`host:port`, the coordinator's `-p` address).
         */
        @JvmStatic
        public fun builder(adminAddress: String): OxiaAdminAsyncClientBuilder =
            OxiaAdminAsyncClientBuilder(adminAddress)
    }
}
