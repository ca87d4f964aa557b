package io.oxia.coroutines.internal.admin

import io.oxia.coroutines.ClientClosedException
import io.oxia.coroutines.admin.DataServer
import io.oxia.coroutines.admin.DataServerView
import io.oxia.coroutines.admin.NamespaceConfig
import io.oxia.coroutines.admin.NamespaceView
import io.oxia.coroutines.admin.OxiaAdminClient
import io.oxia.coroutines.admin.OxiaAdminConfig
import io.oxia.coroutines.admin.ShardSplit
import io.oxia.coroutines.internal.validation.requireArgument
import io.oxia.coroutines.proto.CreateDataServerRequest
import io.oxia.coroutines.proto.CreateNamespaceRequest
import io.oxia.coroutines.proto.DeleteDataServerRequest
import io.oxia.coroutines.proto.DeleteNamespaceRequest
import io.oxia.coroutines.proto.GetDataServerRequest
import io.oxia.coroutines.proto.GetNamespaceRequest
import io.oxia.coroutines.proto.ListDataServersRequest
import io.oxia.coroutines.proto.ListNamespacesRequest
import io.oxia.coroutines.proto.Namespace as ProtoNamespace
import io.oxia.coroutines.proto.OxiaAdminGrpc as Admin
import io.oxia.coroutines.proto.PatchDataServerRequest
import io.oxia.coroutines.proto.PatchNamespaceRequest
import io.oxia.coroutines.proto.SplitShardRequest
import kotlinx.coroutines.NonCancellable
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withContext

/** The [OxiaAdminClient] over one channel to the coordinator; see the interface's contract. */
internal class RealOxiaAdminClient(override val config: OxiaAdminConfig) : OxiaAdminClient {
    private val calls = AdminCalls(config)

    private fun checkOpen() {
        if (calls.isClosed) throw ClientClosedException()
    }

    override suspend fun listNamespaces(): List<NamespaceView> {
        checkOpen()
        val request = ListNamespacesRequest.getDefaultInstance()
        return calls
            .call(Admin.getListNamespacesMethod(), request, change = false, AdminTarget.Cluster)
            .namespacesList
            .map(AdminConversions::fromProto)
            .sortedBy { it.name }
    }

    override suspend fun getNamespace(name: String): NamespaceView {
        checkOpen()
        requireArgument(name.isNotEmpty()) { "the namespace name must not be empty" }
        val request = GetNamespaceRequest.newBuilder().setNamespace(name).build()
        val answer =
            calls.call(Admin.getGetNamespaceMethod(), request, false, AdminTarget.Namespace(name))
        return AdminConversions.fromProto(answer.namespace)
    }

    override suspend fun createNamespace(namespace: NamespaceConfig): NamespaceConfig {
        checkOpen()
        val request =
            CreateNamespaceRequest.newBuilder()
                .setNamespace(AdminConversions.toProto(namespace))
                .build()
        val target = AdminTarget.Namespace(namespace.name)
        val answer = calls.call(Admin.getCreateNamespaceMethod(), request, true, target)
        awaitLeaders(namespace.name, config.requestTimeout) { getNamespace(namespace.name) }
        return AdminConversions.fromProto(answer.namespace)
    }

    override suspend fun patchNamespace(
        name: String,
        replicationFactor: Int?,
        notificationsEnabled: Boolean?,
    ): NamespaceConfig {
        checkOpen()
        requireArgument(name.isNotEmpty()) { "the namespace name must not be empty" }
        requireArgument(replicationFactor == null || replicationFactor > 0) {
            "replicationFactor must be positive, was $replicationFactor"
        }
        val patch = ProtoNamespace.newBuilder().setName(name)
        replicationFactor?.let { patch.setReplicationFactor(it) }
        notificationsEnabled?.let { patch.setNotificationsEnabled(it) }
        val request = PatchNamespaceRequest.newBuilder().setNamespace(patch).build()
        val answer =
            calls.call(Admin.getPatchNamespaceMethod(), request, true, AdminTarget.Namespace(name))
        return AdminConversions.fromProto(answer.namespace)
    }

    override suspend fun deleteNamespace(name: String): NamespaceConfig {
        checkOpen()
        requireArgument(name.isNotEmpty()) { "the namespace name must not be empty" }
        val request = DeleteNamespaceRequest.newBuilder().setNamespace(name).build()
        val answer =
            calls.call(Admin.getDeleteNamespaceMethod(), request, true, AdminTarget.Namespace(name))
        return AdminConversions.fromProto(answer.namespace)
    }

    override suspend fun splitShard(namespace: String, shard: Long, splitPoint: Long?): ShardSplit {
        checkOpen()
        requireArgument(namespace.isNotEmpty()) { "the namespace name must not be empty" }
        requireArgument(splitPoint == null || splitPoint in 0..MAX_HASH) {
            "splitPoint must lie in [0, 2^32), was $splitPoint"
        }
        val request = SplitShardRequest.newBuilder().setNamespace(namespace).setShard(shard)
        splitPoint?.let { request.setSplitPoint(it.toInt()) }
        val answer =
            calls.call(
                Admin.getSplitShardMethod(),
                request.build(),
                change = true,
                AdminTarget.Shard(namespace),
            )
        return ShardSplit(answer.leftChildShard, answer.rightChildShard)
    }

    override suspend fun listDataServers(): List<DataServerView> {
        checkOpen()
        val request = ListDataServersRequest.getDefaultInstance()
        return calls
            .call(Admin.getListDataServersMethod(), request, change = false, AdminTarget.Cluster)
            .dataServersList
            .map(AdminConversions::fromProto)
            .sortedBy { it.dataServer.name }
    }

    override suspend fun getDataServer(name: String): DataServerView {
        checkOpen()
        requireArgument(name.isNotEmpty()) { "the data server name must not be empty" }
        val request = GetDataServerRequest.newBuilder().setDataServer(name).build()
        val answer =
            calls.call(Admin.getGetDataServerMethod(), request, false, AdminTarget.DataServer(name))
        return AdminConversions.fromProto(answer.dataServer)
    }

    override suspend fun createDataServer(dataServer: DataServer): DataServer {
        checkOpen()
        val request =
            CreateDataServerRequest.newBuilder()
                .setDataServer(AdminConversions.toProto(dataServer))
                .build()
        val target = AdminTarget.DataServer(dataServer.name)
        val answer = calls.call(Admin.getCreateDataServerMethod(), request, true, target)
        return AdminConversions.fromProto(answer.dataServer)
    }

    override suspend fun patchDataServer(dataServer: DataServer): DataServer {
        checkOpen()
        val request =
            PatchDataServerRequest.newBuilder()
                .setDataServer(AdminConversions.toProto(dataServer))
                .build()
        val target = AdminTarget.DataServer(dataServer.name)
        val answer = calls.call(Admin.getPatchDataServerMethod(), request, true, target)
        return AdminConversions.fromProto(answer.dataServer)
    }

    override suspend fun deleteDataServer(name: String): DataServer {
        checkOpen()
        requireArgument(name.isNotEmpty()) { "the data server name must not be empty" }
        val request = DeleteDataServerRequest.newBuilder().setDataServer(name).build()
        val target = AdminTarget.DataServer(name)
        val answer = calls.call(Admin.getDeleteDataServerMethod(), request, true, target)
        return AdminConversions.fromProto(answer.dataServer)
    }

    override suspend fun shutdown() {
        withContext(NonCancellable) { calls.close() }
    }

    override fun close() {
        runBlocking { shutdown() }
    }

    override fun toString(): String = "OxiaAdminClient(${config.adminAddress})"

    private companion object {
        const val MAX_HASH = 0xFFFF_FFFFL
    }
}
