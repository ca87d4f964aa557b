package io.oxia.coroutines.admin

import io.oxia.coroutines.ClientClosedException
import io.oxia.coroutines.InvalidArgumentException
import io.oxia.coroutines.NamespaceNotFoundException
import io.oxia.coroutines.OutcomeUnknownException
import io.oxia.coroutines.OxiaException
import io.oxia.coroutines.OxiaTimeoutException
import io.oxia.coroutines.internal.admin.RealOxiaAdminClient

/**
 * A client of the Oxia coordinator's admin service (`io.oxia.proto.v1.OxiaAdmin`, Oxia v0.16 and
 * later): the cluster's data servers and namespaces, and shard splits.
 *
 * Contract of every call: it is a suspend function that never blocks a thread and is cancellable
 * (cancelling the caller cancels the RPC; a change already sent may still be applied). A call
 * retries failures that left nothing changed (the coordinator is starting, is not the leader, or
 * lost a race with a concurrent configuration update; or no connection could be made) with backoff,
 * and fails with [OxiaTimeoutException] once [OxiaAdminConfig.requestTimeout] has passed. A change
 * whose answer was lost with the connection is not retried and fails with
 * [OutcomeUnknownException]: read the state back to find out. Every failure is an [OxiaException]:
 * [InvalidArgumentException] for a request the coordinator rejects (also for a change its current
 * state does not allow, such as a replication factor above the number of data servers), the typed
 * not-found and already-exists exceptions named on each call, and
 * [io.oxia.coroutines.ServerException] for anything else; an older coordinator without the admin
 * service fails every call with [io.oxia.coroutines.ServerException].
 *
 * After [close] (or [shutdown]) every call fails with [ClientClosedException]. The client is safe
 * to use from any number of coroutines at once. It is an interface so applications can fake it.
 */
public interface OxiaAdminClient : AutoCloseable {
    /** The configuration the client was made with. */
    public val config: OxiaAdminConfig

    /** Every namespace with its shards, ordered by name. */
    public suspend fun listNamespaces(): List<NamespaceView>

    /**
     * The namespace [name] with its shards.
     *
     * @throws NamespaceNotFoundException when there is no such namespace.
     */
    public suspend fun getNamespace(name: String): NamespaceView

    /**
     * Creates a namespace and waits until each of its shards has a leader, so that data clients can
     * connect to it at once (before, their connect is refused as for a missing namespace). The wait
     * has its own [OxiaAdminConfig.requestTimeout]; when it runs out, the call fails with
     * [OxiaTimeoutException] and the namespace stays created.
     *
     * @return the namespace as the coordinator stored it.
     * @throws NamespaceAlreadyExistsException when a namespace of that name exists.
     * @throws InvalidArgumentException for a bad name, shard count, replication factor or key order
     *   (including [io.oxia.coroutines.KeySorting.SEGMENTED]).
     */
    public suspend fun createNamespace(namespace: NamespaceConfig): NamespaceConfig

    /**
     * Changes a namespace's replication factor and/or whether it keeps notifications; `null` leaves
     * a setting as it is. The shard count and key order cannot be changed.
     *
     * @return the namespace as the coordinator stored it.
     * @throws NamespaceNotFoundException when there is no such namespace.
     */
    public suspend fun patchNamespace(
        name: String,
        replicationFactor: Int? = null,
        notificationsEnabled: Boolean? = null,
    ): NamespaceConfig

    /**
     * Deletes a namespace and, in the background, its shards and records. Data clients of it then
     * fail with [NamespaceNotFoundException].
     *
     * @return the configuration the namespace had.
     * @throws NamespaceNotFoundException when there is no such namespace.
     */
    public suspend fun deleteNamespace(name: String): NamespaceConfig

    /**
     * Starts splitting [shard] of [namespace] in two, at the middle of its hash range or at
     * [splitPoint] (a hash inside the range) when given. The call returns once the split is
     * initiated; the children take over the parent's keys moments later, and data clients follow.
     *
     * @throws NamespaceNotFoundException when there is no such namespace.
     * @throws InvalidArgumentException when the shard does not exist, is not in steady state, is
     *   already splitting, or [splitPoint] lies outside its range or outside `[0, 2^32)`.
     */
    public suspend fun splitShard(
        namespace: String,
        shard: Long,
        splitPoint: Long? = null,
    ): ShardSplit

    /** Every registered data server with its state, ordered by name. */
    public suspend fun listDataServers(): List<DataServerView>

    /**
     * The data server called [name] with its state.
     *
     * @throws DataServerNotFoundException when no server has that name.
     */
    public suspend fun getDataServer(name: String): DataServerView

    /**
     * Registers a data server; the coordinator may then place shards on it.
     *
     * @return the server as the coordinator stored it.
     * @throws DataServerAlreadyExistsException when a server of that name is registered.
     */
    public suspend fun createDataServer(dataServer: DataServer): DataServer

    /**
     * Replaces the registration of the server named [DataServer.name] (addresses and labels).
     *
     * @return the server as the coordinator stored it.
     * @throws DataServerNotFoundException when no server has that name.
     */
    public suspend fun patchDataServer(dataServer: DataServer): DataServer

    /**
     * Unregisters the data server called [name].
     *
     * @return the registration it had.
     * @throws DataServerNotFoundException when no server has that name.
     * @throws InvalidArgumentException when the coordinator refuses, e.g. while it holds shards.
     */
    public suspend fun deleteDataServer(name: String): DataServer

    /**
     * Closes the client: calls in flight fail with [ClientClosedException] and the connection
     * closes. Idempotent; runs to the end even when its caller is cancelled.
     */
    public suspend fun shutdown()

    /** Like [shutdown], blocking the calling thread; for `use {}` and try-with-resources. */
    override fun close()

    public companion object {
        /**
         * Makes a client of the coordinator at [adminAddress]. Connecting is lazy: nothing is sent
         * until the first call, so an unreachable coordinator shows in the calls.
         *
         * @throws InvalidArgumentException when the settings are invalid.
         */
        public fun connect(
            adminAddress: String,
            configure: OxiaAdminClientBuilder.() -> Unit = {},
        ): OxiaAdminClient = connect(OxiaAdminClientBuilder(adminAddress).apply(configure).build())

        /** Makes a client with a ready configuration; see the other overload. */
        public fun connect(config: OxiaAdminConfig): OxiaAdminClient = RealOxiaAdminClient(config)
    }
}
