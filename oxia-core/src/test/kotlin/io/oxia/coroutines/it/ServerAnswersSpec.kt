package io.oxia.coroutines.it

import com.google.rpc.ErrorInfo
import io.grpc.CallOptions
import io.grpc.Channel
import io.grpc.ClientInterceptors
import io.grpc.Grpc
import io.grpc.InsecureChannelCredentials
import io.grpc.ManagedChannel
import io.grpc.Metadata
import io.grpc.StatusRuntimeException
import io.grpc.protobuf.StatusProto
import io.grpc.stub.ClientCalls
import io.grpc.stub.MetadataUtils
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.assertions.withClue
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.longs.shouldBeLessThan
import io.kotest.matchers.nulls.shouldNotBeNull
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.kotest.matchers.types.shouldBeInstanceOf
import io.oxia.coroutines.InvalidArgumentException
import io.oxia.coroutines.NotificationsDisabledException
import io.oxia.coroutines.OxiaClient
import io.oxia.coroutines.SessionNotFoundException
import io.oxia.coroutines.get
import io.oxia.coroutines.internal.transport.OxiaErrorKind
import io.oxia.coroutines.internal.transport.RpcFailure
import io.oxia.coroutines.internal.transport.toOxiaException
import io.oxia.coroutines.notifications
import io.oxia.coroutines.proto.GetRequest
import io.oxia.coroutines.proto.OxiaClientGrpc
import io.oxia.coroutines.proto.ReadRequest
import io.oxia.coroutines.proto.SessionHeartbeat
import io.oxia.coroutines.proto.legacy.OxiaClientGrpc as LegacyClientGrpc
import io.oxia.coroutines.put
import io.oxia.coroutines.testing.OxiaCluster
import io.oxia.coroutines.testing.OxiaNamespace
import java.util.concurrent.TimeUnit
import kotlin.time.Duration.Companion.seconds
import kotlinx.coroutines.flow.first
import kotlinx.coroutines.withTimeout

/**
 * What a three-server cluster answers when a call reaches the wrong server, names an unknown
 * session, asks a namespace without notifications for them, or carries an authority the servers do
 * not know; checked on the wire (the raw answer) and as the client's users see it.
 */
class ServerAnswersSpec :
    FunSpec({
        val cluster = lazy {
            OxiaCluster.start(
                servers = 3,
                namespaces =
                    listOf(
                        OxiaNamespace("default"),
                        OxiaNamespace("quiet", initialShardCount = 1, notificationsEnabled = false),
                    ),
            )
        }
        val channels = mutableListOf<ManagedChannel>()
        afterSpec {
            channels.forEach { it.shutdownNow().awaitTermination(5, TimeUnit.SECONDS) }
            if (cluster.isInitialized()) cluster.value.close()
        }

        /** A plain channel to [address] whose calls name the namespace [namespace]. */
        fun channel(
            address: String,
            namespace: String = "default",
            authority: String? = null,
        ): Channel {
            val channel =
                Grpc.newChannelBuilder(address, InsecureChannelCredentials.create())
                    .apply { authority?.let { overrideAuthority(it) } }
                    .build()
                    .also { channels += it }
            val headers =
                Metadata().apply {
                    put(Metadata.Key.of("namespace", Metadata.ASCII_STRING_MARSHALLER), namespace)
                }
            return ClientInterceptors.intercept(
                channel,
                MetadataUtils.newAttachHeadersInterceptor(headers),
            )
        }

        /** A blocking stub of the `io.oxia.proto.v1` service (v0.15+) on [channel]. */
        fun stub(channel: Channel): OxiaClientGrpc.OxiaClientBlockingStub =
            OxiaClientGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS)

        fun read(stub: OxiaClientGrpc.OxiaClientBlockingStub, shard: Long, key: String) =
            stub
                .read(
                    ReadRequest.newBuilder()
                        .setShard(shard)
                        .addGets(GetRequest.newBuilder().setKey(key).setIncludeValue(true))
                        .build()
                )
                .forEach {}

        fun errorInfo(e: StatusRuntimeException): ErrorInfo? =
            StatusProto.fromThrowable(e)
                ?.detailsList
                ?.firstOrNull { it.`is`(ErrorInfo::class.java) }
                ?.unpack(ErrorInfo::class.java)

        /** A client whose transport [tapped] sets up before it connects. */
        suspend fun <T> client(
            tapped: TransportTap.() -> Unit = {},
            block: suspend (OxiaClient) -> T,
        ): T {
            val c = cluster.value
            val client =
                connectTapped(c.serviceAddress, tapped) {
                    keySorting = sortingOf(c.version)
                    requestTimeout = 10.seconds
                }
            try {
                return block(client)
            } finally {
                client.shutdown()
            }
        }

        test("a follower's not-leader answer names the leader, and the client follows it at once")
            .config(enabledOrReasonIf = whereServerAnswersCanonically) {
                val c = cluster.value
                client { client ->
                    val key = "/hint/read"
                    client.put(key, "v")
                    val shard = client.shardOf(key)
                    val leader = c.leaderOf("default", shard).shouldNotBeNull()
                    val follower = c.publicAddresses.first { it != leader }

                    val refused =
                        shouldThrow<StatusRuntimeException> {
                            read(stub(channel(follower)), shard, key)
                        }
                    errorInfo(refused).shouldNotBeNull().reason shouldContain "NOT_LEADER"
                    val failure = RpcFailure.of(refused).shouldNotBeNull()
                    failure.kind shouldBe OxiaErrorKind.NOT_LEADER
                    failure.leaderHint shouldBe leader

                    // Every get first reaches the follower, as a stale leader would send it there,
                    // and the follower names the leader. Without following the hint at once, each
                    // get would wait out a retry backoff (50 ms at least).
                    val elapsed =
                        (1..15).map {
                            client.tap.misdirectNextRead(shard, follower)
                            val started = System.nanoTime()
                            client.get(key)?.valueAsString shouldBe "v"
                            (System.nanoTime() - started) / 1_000_000
                        }
                    withClue("gets through a stale leader took $elapsed ms") {
                        elapsed.sorted()[elapsed.size / 2] shouldBeLessThan 40L
                    }
                }
                // Writers that start on a stale leader, which every shard map names: each stream is
                // refused with the hint and moves to the leader; it would otherwise keep returning
                // to the follower.
                val leaders = (0L..2L).associateWith { c.leaderOf("default", it).shouldNotBeNull() }
                for (shard in 0L..2L) {
                    val follower = c.publicAddresses.first { it != leaders[shard] }
                    client(tapped = { planStaleLeader(shard, follower) }) { client ->
                        val key =
                            (0..1000).map { "/hint/w$it" }.first { client.shardOf(it) == shard }
                        val started = System.nanoTime()
                        client.put(key, "w")
                        (System.nanoTime() - started) / 1_000_000 shouldBeLessThan 2_000L
                        client.get(key)?.valueAsString shouldBe "w"
                    }
                }
            }

        test("a heartbeat for an unknown session is answered session-not-found") {
            val c = cluster.value
            val leader = c.leaderOf("default", 0).shouldNotBeNull()
            // v0.14 serves only the legacy service name.
            val keepAlive =
                if (isAtLeast(c.version, 15)) OxiaClientGrpc.getKeepAliveMethod()
                else LegacyClientGrpc.getKeepAliveMethod()
            val heartbeat =
                SessionHeartbeat.newBuilder().setShard(0).setSessionId(987_654_321).build()
            val refused =
                shouldThrow<StatusRuntimeException> {
                    ClientCalls.blockingUnaryCall(
                        channel(leader),
                        keepAlive,
                        CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS),
                        heartbeat,
                    )
                }
            val failure = RpcFailure.of(refused).shouldNotBeNull()
            failure.kind shouldBe OxiaErrorKind.SESSION_NOT_FOUND
            failure.toOxiaException("default").shouldBeInstanceOf<SessionNotFoundException>()
            if (whereServerAnswersCanonically(testCase).isEnabled)
                errorInfo(refused).shouldNotBeNull().reason shouldContain "SESSION"
        }

        test(
            "notifications of a namespace that keeps none fail with NotificationsDisabledException"
        ) {
            val c = cluster.value
            val e =
                withClientOf(c.serviceAddress, c.version, { namespace = "quiet" }) { client ->
                    client.put("/quiet/a", "v")
                    shouldThrow<NotificationsDisabledException> {
                        withTimeout(10.seconds) { client.notifications().first() }
                    }
                }
            e.namespace shouldBe "quiet"
            e.isRetryable shouldBe false
        }

        test("calls carry an authority each server accepts; an unknown one is refused").config(
            enabledOrReasonIf = whereServerAnswersCanonically
        ) {
            val c = cluster.value
            val shard = 0L
            val leader = c.leaderOf("default", shard).shouldNotBeNull()
            // The check is on: the same read under a name the cluster does not advertise fails.
            val refused =
                shouldThrow<StatusRuntimeException> {
                    read(stub(channel(leader, authority = "oxia.invalid:6648")), shard, "/a")
                }
            refused.status.description shouldContain "unexpected authority"
            // The client's calls reach every server as the shard map names it.
            client { client ->
                for (address in c.publicAddresses) {
                    val led = (0L..2L).filter { c.leaderOf("default", it) == address }
                    for (s in led) {
                        val key = (0..1000).map { "/auth/$it" }.first { client.shardOf(it) == s }
                        client.put(key, address)
                        client.get(key)?.valueAsString shouldBe address
                    }
                }
            }
        }

        test("a client given an address the cluster does not advertise is told so, at once").config(
            enabledOrReasonIf = whereServerAnswersCanonically
        ) {
            // The servers advertise 127.0.0.1: "localhost" reaches them under another name.
            val address = cluster.value.serviceAddress.replace("127.0.0.1", "localhost")
            val started = System.nanoTime()
            val e =
                shouldThrow<InvalidArgumentException> {
                    OxiaClient.connect(address) { connectTimeout = 10.seconds }.close()
                }
            (System.nanoTime() - started) / 1_000_000 shouldBeLessThan 5_000L
            e.message shouldContain "does not answer to the address the client dialled"
            e.message shouldContain "localhost"
        }
    })
