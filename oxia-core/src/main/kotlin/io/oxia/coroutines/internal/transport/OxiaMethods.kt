package io.oxia.coroutines.internal.transport

import io.grpc.MethodDescriptor
import io.oxia.coroutines.proto.CloseSessionRequest
import io.oxia.coroutines.proto.CloseSessionResponse
import io.oxia.coroutines.proto.CreateSessionRequest
import io.oxia.coroutines.proto.CreateSessionResponse
import io.oxia.coroutines.proto.GetSequenceUpdatesRequest
import io.oxia.coroutines.proto.GetSequenceUpdatesResponse
import io.oxia.coroutines.proto.KeepAliveResponse
import io.oxia.coroutines.proto.ListRequest
import io.oxia.coroutines.proto.ListResponse
import io.oxia.coroutines.proto.NotificationBatch
import io.oxia.coroutines.proto.NotificationsRequest
import io.oxia.coroutines.proto.OxiaClientGrpc as V1
import io.oxia.coroutines.proto.RangeScanRequest
import io.oxia.coroutines.proto.RangeScanResponse
import io.oxia.coroutines.proto.ReadRequest
import io.oxia.coroutines.proto.ReadResponse
import io.oxia.coroutines.proto.SessionHeartbeat
import io.oxia.coroutines.proto.ShardAssignments
import io.oxia.coroutines.proto.ShardAssignmentsRequest
import io.oxia.coroutines.proto.WriteRequest
import io.oxia.coroutines.proto.WriteResponse
import io.oxia.coroutines.proto.legacy.OxiaClientGrpc as Legacy

/**
 * The RPCs of one of the two names the Oxia client service is served under. Servers v0.15+ serve
 * both; servers up to v0.14 only the legacy one. Messages are the same under both names.
 */
internal class OxiaMethods
private constructor(
    val serviceName: String,
    val getShardAssignments: MethodDescriptor<ShardAssignmentsRequest, ShardAssignments>,
    val writeStream: MethodDescriptor<WriteRequest, WriteResponse>,
    val read: MethodDescriptor<ReadRequest, ReadResponse>,
    val list: MethodDescriptor<ListRequest, ListResponse>,
    val rangeScan: MethodDescriptor<RangeScanRequest, RangeScanResponse>,
    val createSession: MethodDescriptor<CreateSessionRequest, CreateSessionResponse>,
    val keepAlive: MethodDescriptor<SessionHeartbeat, KeepAliveResponse>,
    val getNotifications: MethodDescriptor<NotificationsRequest, NotificationBatch>,
    val getSequenceUpdates: MethodDescriptor<GetSequenceUpdatesRequest, GetSequenceUpdatesResponse>,
    val closeSession: MethodDescriptor<CloseSessionRequest, CloseSessionResponse>,
) {
    override fun toString(): String = serviceName

    companion object {
        val V1_METHODS =
            OxiaMethods(
                V1.SERVICE_NAME,
                V1.getGetShardAssignmentsMethod(),
                V1.getWriteStreamMethod(),
                V1.getReadMethod(),
                V1.getListMethod(),
                V1.getRangeScanMethod(),
                V1.getCreateSessionMethod(),
                V1.getKeepAliveMethod(),
                V1.getGetNotificationsMethod(),
                V1.getGetSequenceUpdatesMethod(),
                V1.getCloseSessionMethod(),
            )

        val LEGACY_METHODS =
            OxiaMethods(
                Legacy.SERVICE_NAME,
                Legacy.getGetShardAssignmentsMethod(),
                Legacy.getWriteStreamMethod(),
                Legacy.getReadMethod(),
                Legacy.getListMethod(),
                Legacy.getRangeScanMethod(),
                Legacy.getCreateSessionMethod(),
                Legacy.getKeepAliveMethod(),
                Legacy.getGetNotificationsMethod(),
                Legacy.getGetSequenceUpdatesMethod(),
                Legacy.getCloseSessionMethod(),
            )
    }
}
