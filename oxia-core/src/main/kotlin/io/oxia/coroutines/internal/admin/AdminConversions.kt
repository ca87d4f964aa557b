package io.oxia.coroutines.internal.admin

import io.oxia.coroutines.InvalidArgumentException
import io.oxia.coroutines.KeySorting
import io.oxia.coroutines.admin.DataServer
import io.oxia.coroutines.admin.DataServerState
import io.oxia.coroutines.admin.DataServerView
import io.oxia.coroutines.admin.NamespaceConfig
import io.oxia.coroutines.admin.NamespaceView
import io.oxia.coroutines.admin.ShardView
import io.oxia.coroutines.internal.validation.requireArgument
import io.oxia.coroutines.proto.DataServer as ProtoDataServer
import io.oxia.coroutines.proto.DataServerIdentity
import io.oxia.coroutines.proto.DataServerMetadata
import io.oxia.coroutines.proto.DataServerState as ProtoState
import io.oxia.coroutines.proto.DataServerView as ProtoDataServerView
import io.oxia.coroutines.proto.Namespace as ProtoNamespace
import io.oxia.coroutines.proto.NamespaceView as ProtoNamespaceView
import io.oxia.coroutines.proto.ShardMetadata

/** Admin messages to public values and back. */
internal object AdminConversions {
    fun toProto(namespace: NamespaceConfig): ProtoNamespace {
        requireArgument(namespace.name.isNotBlank()) { "the namespace name must not be blank" }
        requireArgument(namespace.initialShardCount > 0) {
            "initialShardCount must be positive, was ${namespace.initialShardCount}"
        }
        requireArgument(namespace.replicationFactor > 0) {
            "replicationFactor must be positive, was ${namespace.replicationFactor}"
        }
        val builder =
            ProtoNamespace.newBuilder()
                .setName(namespace.name)
                .setInitialShardCount(namespace.initialShardCount)
                .setReplicationFactor(namespace.replicationFactor)
        namespace.notificationsEnabled?.let { builder.setNotificationsEnabled(it) }
        return builder.setKeySorting(keySortingName(namespace.keySorting)).build()
    }

    private fun keySortingName(sorting: KeySorting): String =
        when (sorting) {
            KeySorting.HIERARCHICAL -> "hierarchical"
            KeySorting.NATURAL -> "natural"
            KeySorting.SEGMENTED ->
                throw InvalidArgumentException(
                    "SEGMENTED is the key order of servers up to v0.14, not a namespace setting"
                )
        }

    fun fromProto(namespace: ProtoNamespace): NamespaceConfig =
        NamespaceConfig(
            name = namespace.name,
            initialShardCount = namespace.initialShardCount,
            replicationFactor = namespace.replicationFactor,
            notificationsEnabled =
                if (namespace.hasNotificationsEnabled()) namespace.notificationsEnabled else null,
            // The coordinator knows only these two orders; hierarchical is its default.
            keySorting =
                if (namespace.keySorting.equals("natural", ignoreCase = true)) KeySorting.NATURAL
                else KeySorting.HIERARCHICAL,
        )

    fun fromProto(view: ProtoNamespaceView): NamespaceView =
        NamespaceView(
            fromProto(view.namespace),
            view.namespaceStatus.shardsMap.entries
                .sortedBy { it.key }
                .map { (id, shard) -> shardView(id, shard) },
        )

    private fun shardView(id: Long, shard: ShardMetadata): ShardView =
        ShardView(
            id = id,
            status = shard.status.name,
            term = shard.term,
            leader = if (shard.hasLeader()) shard.leader.public else null,
            ensemble = shard.ensembleList.map { it.public },
            hashRangeMin = shard.int32HashRange.min.toUInt().toLong(),
            hashRangeMax = shard.int32HashRange.max.toUInt().toLong(),
            splitting = shard.hasSplit(),
        )

    fun toProto(server: DataServer): ProtoDataServer {
        requireArgument(server.name.isNotBlank()) { "the data server name must not be blank" }
        requireArgument(server.publicAddress.isNotBlank()) { "publicAddress must not be blank" }
        requireArgument(server.internalAddress.isNotBlank()) { "internalAddress must not be blank" }
        return ProtoDataServer.newBuilder()
            .setIdentity(
                DataServerIdentity.newBuilder()
                    .setName(server.name)
                    .setPublic(server.publicAddress)
                    .setInternal(server.internalAddress)
            )
            .setMetadata(DataServerMetadata.newBuilder().putAllLabels(server.labels))
            .build()
    }

    fun fromProto(server: ProtoDataServer): DataServer {
        val identity = server.identity
        return DataServer(
            name = if (identity.hasName()) identity.name else identity.public,
            publicAddress = identity.public,
            internalAddress = identity.internal,
            labels = server.metadata.labelsMap.toMap(),
        )
    }

    fun fromProto(view: ProtoDataServerView): DataServerView =
        DataServerView(
            fromProto(view.dataServer),
            when (view.dataServerStatus.state) {
                ProtoState.DATA_SERVER_STATE_RUNNING -> DataServerState.RUNNING
                ProtoState.DATA_SERVER_STATE_UNAVAILABLE -> DataServerState.UNAVAILABLE
                ProtoState.DATA_SERVER_STATE_DRAINING -> DataServerState.DRAINING
                else -> DataServerState.UNKNOWN
            },
            view.dataServerStatus.supportedFeaturesList.map { it.name },
        )
}
