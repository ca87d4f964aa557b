package io.oxia.coroutines.internal

import io.oxia.coroutines.ClientEvent
import io.oxia.coroutines.ClientStats
import io.oxia.coroutines.ConnectionState
import io.oxia.coroutines.DeleteOptions
import io.oxia.coroutines.GetOptions
import io.oxia.coroutines.GetResult
import io.oxia.coroutines.KeyComparison
import io.oxia.coroutines.Notification
import io.oxia.coroutines.NotificationOptions
import io.oxia.coroutines.OxiaClient
import io.oxia.coroutines.OxiaClientConfig
import io.oxia.coroutines.PutOptions
import io.oxia.coroutines.PutResult
import io.oxia.coroutines.RangeOptions
import io.oxia.coroutines.SequenceUpdateOptions
import io.oxia.coroutines.ServerException
import io.oxia.coroutines.SessionEvent
import io.oxia.coroutines.SessionEventOptions
import io.oxia.coroutines.internal.batching.PendingDelete
import io.oxia.coroutines.internal.batching.PendingOperation
import io.oxia.coroutines.internal.batching.PendingPut
import io.oxia.coroutines.internal.observability.spanShard
import io.oxia.coroutines.internal.order.comparator
import io.oxia.coroutines.internal.order.userKeyRanges
import io.oxia.coroutines.internal.retry.Backoff
import io.oxia.coroutines.internal.routing.RoutingHash
import io.oxia.coroutines.internal.routing.ShardRpc
import io.oxia.coroutines.internal.session.LeaderSessionCalls
import io.oxia.coroutines.internal.session.ShardSessions
import io.oxia.coroutines.internal.transport.OxiaTransport
import io.oxia.coroutines.internal.validation.validatePut
import io.oxia.coroutines.internal.validation.validateRecordKey
import io.oxia.coroutines.internal.validation.validateText
import io.oxia.coroutines.internal.validation.validateTimeout
import io.oxia.coroutines.proto.DeleteRangeRequest
import io.oxia.coroutines.proto.DeleteRequest
import io.oxia.coroutines.proto.Status
import kotlin.time.Duration
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.StateFlow
import kotlinx.coroutines.runBlocking

/**
 * The [OxiaClient] implementation: routes each operation to its shard's batcher and retries what
 * may be retried.
 */
internal class RealOxiaClient private constructor(private val life: ClientLifecycle) : OxiaClient {
    override val config: OxiaClientConfig = life.config
    private val rpc = ShardRpc(life.transport, life.watcher)
    private val keyOrder = config.keySorting.comparator()
    private val traced = config.openTelemetry != null
    private val backoff = Backoff(config.reconnectBackoffInitial, max = config.reconnectBackoffMax)
    private val batchers =
        ShardBatchers(config, rpc, life.watcher, life.scope, backoff, life.health)
    private val retry =
        OperationRetry(config.requestTimeout, backoff, life.health.metrics, ::checkOpen)
    private val sessions: ShardSessions =
        ShardSessions(config, LeaderSessionCalls(config, rpc), life.scope, health = life.health)
            .followingSplitsOf(life.watcher)
    private val flows =
        ClientFlows(life, rpc, batchers, keyOrder, backoff, sessions) { prefix, partition ->
            // The highest key of the sequence: the floor of a key above every generated one.
            val options = GetOptions(KeyComparison.FLOOR, false, partition)
            get("$prefix-${"9".repeat(SEQUENCE_DIGITS)}", options)?.key?.takeIf {
                it.startsWith("$prefix-")
            }
        }

    override suspend fun put(key: String, value: ByteArray, options: PutOptions): PutResult {
        checkOpen()
        validatePut(key, value, options, config)
        // Valid UTF-16 by now, so the UTF-8 form is exact: made once, for the hash and the request.
        val keyUtf8 = key.encodeToByteArray()
        val request = putRequest(keyUtf8, value, options)
        val routingKey = options.partitionKey ?: key
        val hash = RoutingHash.ofRecord(keyUtf8, options.partitionKey)
        var sessionId: Long? = null
        val response =
            retry.run("put", key, options.timeout) { deadline ->
                val shardId = router(deadline).shardFor(routingKey, hash).id
                if (traced) spanShard(shardId)
                if (!options.ephemeral)
                    return@run batchers.writer(shardId).execute(PendingPut(request).until(deadline))
                val session =
                    bounded(deadline) { sessions.sessionId(shardId) }.also { sessionId = it }
                val ephemeral =
                    request
                        .toBuilder()
                        .setSessionId(session)
                        .setClientIdentity(config.clientIdentity)
                batchers
                    .writer(shardId)
                    .execute(PendingPut(ephemeral.build()).until(deadline))
                    .also {
                        if (it.status == Status.SESSION_DOES_NOT_EXIST)
                            sessions.invalidate(shardId, session)
                    }
            }
        return response.toPutResult(key, options, sessionId, ::checkOpen)
    }

    override suspend fun get(key: String, options: GetOptions): GetResult? {
        checkOpen()
        validateText(key, "key", config.maxKeyBytes)
        options.partitionKey?.let { validateText(it, "partitionKey", config.maxKeyBytes) }
        val keyUtf8 = key.encodeToByteArray()
        val request = getRequest(keyUtf8, options)
        val oneShard =
            options.partitionKey != null ||
                (options.comparison == KeyComparison.EQUAL && options.secondaryIndexName == null)
        val routingKey = options.partitionKey ?: key
        val hash = RoutingHash.ofRecord(keyUtf8, options.partitionKey)
        return retry.run("get", key, options.timeout) { deadline ->
            if (oneShard) {
                val shardId = router(deadline).shardFor(routingKey, hash).id
                if (traced) spanShard(shardId)
                batchers.visibleGet(shardId, key, request, deadline)
            } else {
                val answers =
                    batchers.eachShard(deadline) { shardId ->
                        batchers.visibleGet(shardId, key, request, deadline)
                    }
                selectFanOutAnswer(answers.filterNotNull(), options.comparison, keyOrder)
            }
        }
    }

    override suspend fun delete(key: String, options: DeleteOptions): Boolean {
        checkOpen()
        validateRecordKey(key, config.maxKeyBytes)
        options.partitionKey?.let { validateText(it, "partitionKey", config.maxKeyBytes) }
        val request =
            DeleteRequest.newBuilder()
                .setKey(key)
                .apply { options.expectedVersionId?.let { setExpectedVersionId(it) } }
                .apply { options.partitionKey?.let { setPartitionKey(it) } }
                .build()
        val response =
            retry.run("delete", key, options.timeout) { deadline ->
                val shardId = router(deadline).shardFor(options.partitionKey ?: key).id
                if (traced) spanShard(shardId)
                batchers.writer(shardId).execute(PendingDelete(request).until(deadline))
            }
        return response.existed(key, options)
    }

    override suspend fun deleteRange(
        startInclusive: String,
        endExclusive: String,
        partitionKey: String?,
        timeout: Duration?,
    ) {
        checkOpen()
        validateTimeout(timeout)
        validateText(startInclusive, "startInclusive", config.maxKeyBytes)
        validateText(endExclusive, "endExclusive", config.maxKeyBytes)
        partitionKey?.let { validateText(it, "partitionKey", config.maxKeyBytes) }
        val requests =
            config.keySorting.userKeyRanges(startInclusive, endExclusive, config.maxKeyBytes).map {
                DeleteRangeRequest.newBuilder()
                    .setStartInclusive(it.start)
                    .setEndExclusive(it.end)
                    .build()
            }
        if (requests.isEmpty()) return
        val statuses =
            retry.run("deleteRange", "[$startInclusive, $endExclusive)", timeout) { deadline ->
                batchers.deleteRanges(requests, partitionKey, deadline)
            }
        statuses
            .firstOrNull { it != Status.OK }
            ?.let { throw ServerException("deleteRange failed with status $it") }
    }

    override fun list(
        startInclusive: String,
        endExclusive: String,
        options: RangeOptions,
    ): Flow<String> = flows.list(startInclusive, endExclusive, options)

    override fun rangeScan(
        startInclusive: String,
        endExclusive: String,
        options: RangeOptions,
    ): Flow<GetResult> = flows.rangeScan(startInclusive, endExclusive, options)

    override fun notifications(options: NotificationOptions): Flow<Notification> =
        flows.notifications(options)

    override fun sequenceUpdates(
        prefixKey: String,
        partitionKey: String,
        options: SequenceUpdateOptions,
    ): Flow<String> = flows.sequenceUpdates(prefixKey, partitionKey, options)

    override val sessionEvents: Flow<SessionEvent>
        get() = flows.sessionEvents(SessionEventOptions.DEFAULT)

    override fun sessionEvents(options: SessionEventOptions): Flow<SessionEvent> =
        flows.sessionEvents(options)

    override val connectionState: StateFlow<ConnectionState>
        get() = life.health.state

    override val clientEvents: Flow<ClientEvent>
        get() = flows.clientEvents()

    override fun stats(): ClientStats = batchers.stats(sessions.activeSessions(), life.health)

    override suspend fun shutdown(): Unit = life.shutdown { sessions.closeAll() }

    // Blocking by contract: AutoCloseable.close() is for callers outside coroutines.
    override fun close(): Unit = runBlocking { shutdown() }

    private fun checkOpen() = life.checkOpen()

    /** Gives [this] operation [deadline] and has it failed then. */
    private fun <O : PendingOperation<*>> O.until(deadline: Long): O =
        batchers.until(this, deadline)

    private suspend fun router(deadline: Long) = batchers.router(deadline)

    companion object {
        // Sequence keys carry each counter in 20 digits: nine times 20 is above them all.
        private const val SEQUENCE_DIGITS = 20

        /**
         * Connects a client: see [OxiaClient.connect]. Its calls go through [transportAround] of
         * the gRPC transport (see [ClientLifecycle.open]).
         */
        suspend fun connect(
            config: OxiaClientConfig,
            transportAround: (OxiaTransport) -> OxiaTransport = { it },
        ): OxiaClient = RealOxiaClient(ClientLifecycle.open(config, transportAround)).instrumented()

        /** Connects a client that [owner] closes when it ends: see `CoroutineScope.oxiaClient`. */
        suspend fun connectOwnedBy(owner: CoroutineScope, config: OxiaClientConfig): OxiaClient {
            val client = RealOxiaClient(ClientLifecycle.open(config))
            client.life.ownedBy(owner) { client.shutdown() }
            return client.instrumented()
        }

        private fun RealOxiaClient.instrumented() = InstrumentedOxiaClient.of(this, life.health)
    }
}
