package io.oxia.coroutines.testing.internal

import io.grpc.stub.ClientCallStreamObserver
import io.grpc.stub.MetadataUtils
import io.grpc.stub.StreamObserver
import io.oxia.coroutines.proto.PutRequest
import io.oxia.coroutines.proto.Status
import io.oxia.coroutines.proto.WriteRequest
import io.oxia.coroutines.proto.WriteResponse
import io.oxia.coroutines.proto.legacy.OxiaClientGrpc
import java.util.concurrent.CompletableFuture
import java.util.concurrent.ExecutionException
import java.util.concurrent.TimeUnit

/**
 * Proves that a shard's leader accepts writes: a put over WriteStream (headers `namespace` and
 * `shard-id`) that goes through the leader's whole write path (log append, replication to a quorum,
 * commit, apply) but is conditional on a version no record can have, so the server answers it with
 * UNEXPECTED_VERSION_ID. The probe thus leaves no record and consumes no version id: the first put
 * of a test on a fresh cluster still gets version 0.
 */
internal object WriteProbe {
    private const val KEY = "oxia-testing/readiness-probe"
    private const val IMPOSSIBLE_VERSION = Long.MAX_VALUE

    /**
     * Why [leader], reached with [access], did not accept the probe for [shard] of [namespace]
     * within [timeoutMillis]; `null` when it did.
     */
    fun refusal(
        leader: String,
        namespace: String,
        shard: Long,
        access: PublicPortAccess,
        timeoutMillis: Long = 3_000,
    ): String? {
        val channel = access.channel(leader)
        try {
            val answer = CompletableFuture<WriteResponse>()
            val stub =
                OxiaClientGrpc.newStub(channel)
                    .withDeadlineAfter(timeoutMillis, TimeUnit.MILLISECONDS)
                    .withInterceptors(
                        MetadataUtils.newAttachHeadersInterceptor(access.headers(namespace, shard))
                    )
            val requests =
                stub.writeStream(
                    object : StreamObserver<WriteResponse> {
                        override fun onNext(value: WriteResponse) {
                            answer.complete(value)
                        }

                        override fun onError(t: Throwable) {
                            answer.completeExceptionally(t)
                        }

                        override fun onCompleted() {
                            answer.completeExceptionally(IllegalStateException("stream ended"))
                        }
                    }
                ) as ClientCallStreamObserver<WriteRequest>
            requests.onNext(
                WriteRequest.newBuilder()
                    .setShard(shard)
                    .addPuts(
                        PutRequest.newBuilder().setKey(KEY).setExpectedVersionId(IMPOSSIBLE_VERSION)
                    )
                    .build()
            )
            // The request side stays open until the answer arrives: closing it ends the stream.
            val response = runCatching {
                answer.get(timeoutMillis + 500, TimeUnit.MILLISECONDS)
            }
            requests.cancel("probe finished", null)
            val answered = response.getOrElse {
                return describe(it)
            }
            return when (val status = answered.putsList.singleOrNull()?.status) {
                Status.UNEXPECTED_VERSION_ID,
                Status.OK -> null
                else -> "the probe was answered with status $status"
            }
        } finally {
            channel.shutdownNow().awaitTermination(2, TimeUnit.SECONDS)
        }
    }

    private fun describe(failure: Throwable): String {
        val cause = (failure as? ExecutionException)?.cause ?: failure
        val text = cause.message ?: cause.javaClass.simpleName
        return if (DISORDERED_LOG in text) "$text ($DISORDERED_LOG_MEANING)" else text
    }

    // What a leader of a version that disorders concurrent writes answers ever after (see
    // OxiaBinary.disordersConcurrentWrites).
    private const val DISORDERED_LOG = "invalid next offset in wal"
    private const val DISORDERED_LOG_MEANING =
        "the leader appended two concurrent writes to its log out of order and now fails every " +
            "write to this shard: a server defect, oxia-db/oxia#738"
}
