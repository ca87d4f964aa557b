package io.oxia.coroutines.internal

import io.oxia.coroutines.ClientClosedException
import io.oxia.coroutines.DeleteOptions
import io.oxia.coroutines.GetOptions
import io.oxia.coroutines.GetResult
import io.oxia.coroutines.KeyAlreadyExistsException
import io.oxia.coroutines.KeyComparison
import io.oxia.coroutines.Notification
import io.oxia.coroutines.NotificationOptions
import io.oxia.coroutines.OxiaClient
import io.oxia.coroutines.OxiaClientConfig
import io.oxia.coroutines.PutOptions
import io.oxia.coroutines.PutResult
import io.oxia.coroutines.RangeOptions
import io.oxia.coroutines.ServerException
import io.oxia.coroutines.SessionEvent
import io.oxia.coroutines.SessionNotFoundException
import io.oxia.coroutines.UnexpectedVersionException
import io.oxia.coroutines.Version
import io.oxia.coroutines.internal.batching.OperationTimeouts
import io.oxia.coroutines.internal.batching.PendingDelete
import io.oxia.coroutines.internal.batching.PendingDeleteRange
import io.oxia.coroutines.internal.batching.PendingGet
import io.oxia.coroutines.internal.batching.PendingOperation
import io.oxia.coroutines.internal.batching.PendingPut
import io.oxia.coroutines.internal.batching.ShardReader
import io.oxia.coroutines.internal.batching.ShardWriter
import io.oxia.coroutines.internal.conversion.toGetResult
import io.oxia.coroutines.internal.conversion.toVersion
import io.oxia.coroutines.internal.order.comparator
import io.oxia.coroutines.internal.order.userKeyRanges
import io.oxia.coroutines.internal.retry.Backoff
import io.oxia.coroutines.internal.routing.RoutingHash
import io.oxia.coroutines.internal.routing.ShardMapWatcher
import io.oxia.coroutines.internal.routing.ShardRouter
import io.oxia.coroutines.internal.routing.ShardRpc
import io.oxia.coroutines.internal.session.ShardSessions
import io.oxia.coroutines.internal.streams.NotificationSubscription
import io.oxia.coroutines.internal.streams.RangeReads
import io.oxia.coroutines.internal.streams.SequenceUpdates
import io.oxia.coroutines.internal.streams.endingWhenClosed
import io.oxia.coroutines.internal.transport.CallHeaders
import io.oxia.coroutines.internal.transport.ChannelPool
import io.oxia.coroutines.internal.validation.INTERNAL_KEY_PREFIX
import io.oxia.coroutines.internal.validation.requireArgument
import io.oxia.coroutines.internal.validation.validateRecordKey
import io.oxia.coroutines.internal.validation.validateText
import io.oxia.coroutines.proto.DeleteRangeRequest
import io.oxia.coroutines.proto.DeleteRequest
import io.oxia.coroutines.proto.GetRequest
import io.oxia.coroutines.proto.GetResponse
import io.oxia.coroutines.proto.KeyComparisonType
import io.oxia.coroutines.proto.Status
import java.util.concurrent.ConcurrentHashMap
import java.util.concurrent.atomic.AtomicBoolean
import kotlinx.coroutines.CoroutineName
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.Job
import kotlinx.coroutines.NonCancellable
import kotlinx.coroutines.SupervisorJob
import kotlinx.coroutines.async
import kotlinx.coroutines.awaitAll
import kotlinx.coroutines.cancelAndJoin
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.emitAll
import kotlinx.coroutines.flow.first
import kotlinx.coroutines.flow.flow
import kotlinx.coroutines.job
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withContext

/**
 * The [OxiaClient] implementation: routes each operation to its shard's batcher and retries what
 * may be retried.
 */
internal class RealOxiaClient
private constructor(
    override val config: OxiaClientConfig,
    private val scope: CoroutineScope,
    private val channels: ChannelPool,
    private val watcher: ShardMapWatcher,
) : OxiaClient {
    private val rpc =
        ShardRpc(channels, watcher, CallHeaders(config.namespace, config.tokenProvider))
    private val writers = ConcurrentHashMap<Long, ShardWriter>()
    private val readers = ConcurrentHashMap<Long, ShardReader>()
    private val keyOrder = config.keySorting.comparator()
    private val backoff = Backoff()
    private val closed = AtomicBoolean(false)
    // Completed once shutdown has finished, for the callers of shutdown after the first.
    private val stopped = Job()
    private val retry = OperationRetry(config.requestTimeout, backoff, ::checkOpen)
    private val timeouts = OperationTimeouts(config.requestTimeout, scope)
    internal val sessions: ShardSessions = ShardSessions(config, rpc, scope)
    private val notificationSubscriptions =
        NotificationSubscription(config, rpc, watcher, scope.coroutineContext.job, backoff)
    private val sequenceUpdates = SequenceUpdates(config, rpc, ::router, backoff)
    private val rangeReads = RangeReads(config, rpc, ::router, keyOrder, backoff)

    override suspend fun put(key: String, value: ByteArray, options: PutOptions): PutResult {
        checkOpen()
        validateRecordKey(key, config.maxKeyBytes)
        options.partitionKey?.let { validateText(it, "partitionKey", config.maxKeyBytes) }
        options.secondaryIndexes.forEach {
            validateText(it.indexName, "secondary index name", config.maxKeyBytes)
            validateText(it.secondaryKey, "secondary key", config.maxKeyBytes)
        }
        requireArgument(value.size <= config.maxValueBytes) {
            "value of key '$key' has ${value.size} bytes, more than maxValueBytes (${config.maxValueBytes})"
        }
        // Valid UTF-16 by now, so the UTF-8 form is exact: made once, for the hash and the request.
        val keyUtf8 = key.encodeToByteArray()
        val request = putRequest(keyUtf8, value, options)
        val routingKey = options.partitionKey ?: key
        val hash = RoutingHash.ofRecord(keyUtf8, options.partitionKey)
        var sessionId: Long? = null
        val response =
            retry.run("put", key) { deadline ->
                val shardId = router(deadline).shardFor(routingKey, hash).id
                if (!options.ephemeral)
                    return@run writer(shardId).execute(PendingPut(request).until(deadline))
                val session =
                    bounded(deadline) { sessions.sessionId(shardId) }.also { sessionId = it }
                val ephemeral =
                    request
                        .toBuilder()
                        .setSessionId(session)
                        .setClientIdentity(config.clientIdentity)
                writer(shardId).execute(PendingPut(ephemeral.build()).until(deadline)).also {
                    if (it.status == Status.SESSION_DOES_NOT_EXIST)
                        sessions.invalidate(shardId, session)
                }
            }
        return when (response.status) {
            Status.OK ->
                PutResult(
                    if (response.hasKey()) response.key else key,
                    response.version.toVersion(),
                )
            Status.UNEXPECTED_VERSION_ID ->
                if (options.expectedVersionId == Version.KEY_NOT_EXISTS)
                    throw KeyAlreadyExistsException(key)
                else throw UnexpectedVersionException(key, options.expectedVersionId ?: -1)
            Status.SESSION_DOES_NOT_EXIST -> {
                // A shutdown closes the sessions while puts on them may still be under way.
                checkOpen()
                throw SessionNotFoundException(
                    "session $sessionId of the ephemeral put of '$key' has expired"
                )
            }
            else -> throw ServerException("put '$key' failed with status ${response.status}")
        }
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
        return retry.run("get", key) { deadline ->
            if (oneShard) {
                val shardId = router(deadline).shardFor(routingKey, hash).id
                getSkippingInternalKeys(shardId, key, request, deadline)
            } else {
                val answers =
                    eachShard(deadline) { shardId ->
                        getSkippingInternalKeys(shardId, key, request, deadline)
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
            retry.run("delete", key) { deadline ->
                writerFor(options.partitionKey ?: key, deadline)
                    .execute(PendingDelete(request).until(deadline))
            }
        return when (response.status) {
            Status.OK -> true
            Status.KEY_NOT_FOUND -> false
            Status.UNEXPECTED_VERSION_ID ->
                throw UnexpectedVersionException(key, options.expectedVersionId ?: -1)
            else -> throw ServerException("delete '$key' failed with status ${response.status}")
        }
    }

    override suspend fun deleteRange(
        startInclusive: String,
        endExclusive: String,
        partitionKey: String?,
    ) {
        checkOpen()
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
            retry.run("deleteRange", "[$startInclusive, $endExclusive)") { deadline ->
                if (partitionKey != null) {
                    deleteRanges(writerFor(partitionKey, deadline), requests, deadline)
                } else {
                    eachShard(deadline) { shardId ->
                            deleteRanges(writer(shardId), requests, deadline)
                        }
                        .flatten()
                }
            }
        statuses
            .firstOrNull { it != Status.OK }
            ?.let { throw ServerException("deleteRange failed with status $it") }
    }

    private suspend fun deleteRanges(
        writer: ShardWriter,
        requests: List<DeleteRangeRequest>,
        deadline: Long,
    ): List<Status> = coroutineScope {
        requests
            .map { async { writer.execute(PendingDeleteRange(it).until(deadline)).status } }
            .awaitAll()
    }

    override fun list(
        startInclusive: String,
        endExclusive: String,
        options: RangeOptions,
    ): Flow<String> =
        whenCollected({ checkRange(startInclusive, endExclusive, options) }) {
            rangeReads.list(startInclusive, endExclusive, options)
        }

    override fun rangeScan(
        startInclusive: String,
        endExclusive: String,
        options: RangeOptions,
    ): Flow<GetResult> =
        whenCollected({ checkRange(startInclusive, endExclusive, options) }) {
            rangeReads.rangeScan(startInclusive, endExclusive, options)
        }

    private fun checkRange(startInclusive: String, endExclusive: String, options: RangeOptions) {
        checkOpen()
        validateText(startInclusive, "startInclusive", config.maxKeyBytes)
        validateText(endExclusive, "endExclusive", config.maxKeyBytes)
        options.partitionKey?.let { validateText(it, "partitionKey", config.maxKeyBytes) }
    }

    override fun notifications(options: NotificationOptions): Flow<Notification> =
        whenCollected(::checkOpen) { notificationSubscriptions.flow(options) }

    override fun sequenceUpdates(prefixKey: String, partitionKey: String): Flow<String> =
        whenCollected({
            checkOpen()
            validateRecordKey(prefixKey, config.maxKeyBytes, "prefixKey")
            validateText(partitionKey, "partitionKey", config.maxKeyBytes)
        }) {
            sequenceUpdates.flow(prefixKey, partitionKey)
        }

    /**
     * The flow of [source], made and checked by [check] when it is collected: a flow fails when
     * collected (a closed client, bad input), never at the call that made it, so that Java
     * publishers signal such failures through `onError` like any other.
     */
    private inline fun <T> whenCollected(
        crossinline check: () -> Unit,
        crossinline source: () -> Flow<T>,
    ): Flow<T> = flow {
        check()
        emitAll(source())
    }

    override val sessionEvents: Flow<SessionEvent>
        get() =
            endingWhenClosed(scope.coroutineContext.job) { sessions.events.collect { send(it) } }

    override suspend fun shutdown() {
        if (!closed.compareAndSet(false, true)) return stopped.join()
        // Cleanup runs to the end even for a caller already cancelled (a `finally` block after
        // cancellation): sessions left open would keep their ephemeral records alive.
        withContext(NonCancellable) {
            try {
                sessions.closeAll()
                scope.coroutineContext.job.cancelAndJoin()
                channels.close()
            } finally {
                scope.coroutineContext.job.cancel()
                stopped.complete()
            }
        }
    }

    // Blocking by contract: AutoCloseable.close() is for callers outside coroutines.
    override fun close(): Unit = runBlocking { shutdown() }

    private fun checkOpen() {
        if (closed.get()) throw ClientClosedException()
    }

    /**
     * A floor/ceiling/lower/higher lookup can land on one of Oxia's own `__oxia/` keys, which
     * servers up to v0.14 do not hide. In hierarchical order they sort after every user key, so
     * landing on one means there is no user key in that direction. (v0.14 servers sort them among
     * user keys but fail when asked to read past them, so user keys that sort after `__oxia/` on
     * such servers are not found by these lookups.)
     */
    private suspend inline fun getSkippingInternalKeys(
        shardId: Long,
        key: String,
        request: GetRequest,
        deadline: Long,
    ): GetResult? {
        val exact =
            request.comparisonType == KeyComparisonType.EQUAL && !request.hasSecondaryIndexName()
        val found =
            reader(shardId)
                .execute(PendingGet(request).until(deadline))
                .foundOrNull(key, exact, request.includeValue) ?: return null
        // Only a floor/ceiling lookup by primary key can land on an internal key.
        return if (!exact && found.key.startsWith(INTERNAL_KEY_PREFIX)) null else found
    }

    private fun GetResponse.foundOrNull(
        requestedKey: String,
        exact: Boolean,
        valueRequested: Boolean,
    ): GetResult? =
        when (status) {
            Status.OK -> toGetResult(requestedKey, exact, valueRequested)
            Status.KEY_NOT_FOUND -> null
            else -> throw ServerException("get '$requestedKey' failed with status $status")
        }

    private suspend fun router(): ShardRouter =
        watcher.current.value ?: watcher.current.first { it != null }!!

    // The current map is read without collecting the flow: this runs once per operation.
    private suspend fun router(deadline: Long): ShardRouter =
        watcher.current.value ?: bounded(deadline) { router() }

    /** Gives [this] operation [deadline] and has [timeouts] fail it then. */
    private fun <O : PendingOperation<*>> O.until(deadline: Long): O {
        deadlineNanos = deadline
        timeouts.watch(this)
        return this
    }

    /**
     * What the client still holds: background coroutines that have not completed and channels that
     * have not terminated. Empty once [shutdown] returned.
     */
    internal fun leftovers(): List<String> {
        val job = scope.coroutineContext.job
        val coroutines =
            if (job.isCompleted) emptyList()
            else listOf("client scope: $job, children ${job.children.toList()}")
        return coroutines + channels.unterminatedChannels().map { "channel to $it" }
    }

    /** The shard that [routingKey] routes to under the current shard map. */
    internal suspend fun shardOf(routingKey: String): Long = router().shardFor(routingKey).id

    private suspend fun writerFor(routingKey: String, deadline: Long): ShardWriter =
        writer(router(deadline).shardFor(routingKey).id)

    // A plain get first: computeIfAbsent costs more, and the batcher exists after the first call.
    private fun writer(shardId: Long): ShardWriter =
        writers[shardId]
            ?: writers.computeIfAbsent(shardId) { ShardWriter(it, config, rpc, scope, backoff) }

    private fun reader(shardId: Long): ShardReader =
        readers[shardId] ?: readers.computeIfAbsent(shardId) { ShardReader(it, config, rpc, scope) }

    private suspend fun <T> eachShard(deadline: Long, block: suspend (Long) -> T): List<T> =
        coroutineScope {
            router(deadline).shards.map { shard -> async { block(shard.id) } }.awaitAll()
        }

    companion object {
        suspend fun connect(config: OxiaClientConfig): OxiaClient {
            val scope =
                CoroutineScope(SupervisorJob() + Dispatchers.Default + CoroutineName("oxia-client"))
            val channels = ChannelPool(config)
            val watcher =
                ShardMapWatcher(
                    config,
                    channels,
                    CallHeaders(config.namespace, config.tokenProvider),
                )
            watcher.start(scope)
            try {
                watcher.awaitFirst()
            } catch (e: Throwable) {
                scope.coroutineContext.job.cancelAndJoin()
                channels.close()
                throw e
            }
            return RealOxiaClient(config, scope, channels, watcher)
        }
    }
}
