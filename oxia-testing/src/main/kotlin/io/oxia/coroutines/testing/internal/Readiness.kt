package io.oxia.coroutines.testing.internal

import io.grpc.ManagedChannel
import io.grpc.stub.MetadataUtils
import io.oxia.coroutines.proto.ShardAssignments
import io.oxia.coroutines.proto.ShardAssignmentsRequest
import io.oxia.coroutines.proto.legacy.OxiaClientGrpc
import java.net.InetSocketAddress
import java.net.Socket
import java.util.concurrent.TimeUnit

/**
 * Waits for an Oxia server to be really ready, through the legacy service name that every version
 * serves.
 */
internal object Readiness {
    private val plaintext = PublicPortAccess()

    /** Whether something accepts TCP connections at [address] (`host:port`). */
    fun listening(address: String): Boolean = runCatching {
        val host = address.substringBeforeLast(':')
        val port = address.substringAfterLast(':').toInt()
        Socket().use { it.connect(InetSocketAddress(host, port), 500) }
    }
        .isSuccess

    /**
     * The first shard assignments snapshot from [address] for [namespace], or `null` when the
     * server does not answer one within a few seconds (not initialised yet), reached with [access].
     */
    fun assignments(
        address: String,
        namespace: String,
        access: PublicPortAccess = plaintext,
    ): ShardAssignments? {
        val channel = access.channel(address)
        try {
            val stub =
                OxiaClientGrpc.newBlockingStub(channel)
                    .withDeadlineAfter(3, TimeUnit.SECONDS)
                    .withInterceptors(
                        MetadataUtils.newAttachHeadersInterceptor(access.headers(namespace))
                    )
            val request = ShardAssignmentsRequest.newBuilder().setNamespace(namespace).build()
            return runCatching { stub.getShardAssignments(request).next() }.getOrNull()
        } finally {
            channel.shutdownNow().awaitTermination(2, TimeUnit.SECONDS)
        }
    }

    /**
     * Whether [snapshot] lists [shardCount] shards for [namespace] (any number when `null`), each
     * with a leader.
     */
    fun allLed(snapshot: ShardAssignments?, namespace: String, shardCount: Int? = null): Boolean {
        val shards = snapshot?.namespacesMap?.get(namespace)?.assignmentsList ?: return false
        if (shardCount != null && shards.size != shardCount) return false
        return shards.isNotEmpty() && shards.all { it.leader.isNotEmpty() }
    }

    /** A plaintext channel to [address]. */
    fun channel(address: String): ManagedChannel = plaintext.channel(address)

    /**
     * Polls [condition] every 200 ms until it holds or [timeoutMillis] pass; an exception from
     * [condition] ends the wait at once.
     */
    fun await(timeoutMillis: Long, condition: () -> Boolean): Boolean {
        val deadline = System.currentTimeMillis() + timeoutMillis
        while (System.currentTimeMillis() < deadline) {
            if (condition()) return true
            Thread.sleep(200)
        }
        return condition()
    }
}
