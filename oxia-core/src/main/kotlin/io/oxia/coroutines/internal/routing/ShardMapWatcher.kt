package io.oxia.coroutines.internal.routing

import io.oxia.coroutines.InvalidArgumentException
import io.oxia.coroutines.NamespaceNotFoundException
import io.oxia.coroutines.OxiaClientConfig
import io.oxia.coroutines.OxiaException
import io.oxia.coroutines.OxiaTimeoutException
import io.oxia.coroutines.UnauthenticatedException
import io.oxia.coroutines.UnavailableException
import io.oxia.coroutines.internal.observability.ClientHealth
import io.oxia.coroutines.internal.observability.ClientLogs
import io.oxia.coroutines.internal.observability.Incident
import io.oxia.coroutines.internal.retry.Backoff
import io.oxia.coroutines.internal.transport.OxiaTransport
import io.oxia.coroutines.internal.transport.RetryableException
import io.oxia.coroutines.internal.transport.RpcFailure
import io.oxia.coroutines.internal.transport.toOxiaException
import io.oxia.coroutines.proto.ShardAssignmentsRequest
import kotlinx.coroutines.CancellationException
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Job
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.delay
import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.flow.StateFlow
import kotlinx.coroutines.flow.first
import kotlinx.coroutines.launch
import kotlinx.coroutines.withTimeoutOrNull

/**
 * Keeps the namespace's shard map fresh from the server's GetShardAssignments stream: a child
 * coroutine of the client's scope that reconnects with jittered backoff, rotating over the
 * bootstrap addresses and the leaders it knows. Half-open connections are detected by the
 * transport's keepalive.
 */
internal class ShardMapWatcher(
    private val config: OxiaClientConfig,
    private val transport: OxiaTransport,
    private val backoff: Backoff = Backoff(),
    private val health: ClientHealth = ClientHealth(),
) {
    private val routers = MutableStateFlow<ShardRouter?>(null)
    private val incident = Incident(ClientLogs.shardMap, "the shard-map stream", null, health)
    @Volatile private var lastFailure: OxiaException? = null
    @Volatile private var following: Following? = null
    // Refusals of the client's credentials in a row, each with a freshly asked token.
    @Volatile private var refusals = 0

    /**
     * Called with each new shard map just before operations can route by it, on the watcher's
     * coroutine; it must neither block nor suspend.
     */
    @Volatile var beforePublish: (ShardRouter) -> Unit = {}

    /** The latest shard map, or `null` before the first one arrived. */
    val current: StateFlow<ShardRouter?>
        get() = routers

    fun start(scope: CoroutineScope): Job = scope.launch { watch() }

    /**
     * Waits for the first shard map, failing with a typed error when none arrives within the
     * connect timeout, and at once for an unknown namespace, a request the server rejects (such as
     * an address it does not answer to) or credentials refused twice in a row.
     */
    suspend fun awaitFirst(): ShardRouter =
        withTimeoutOrNull(config.connectTimeout) {
            while (routers.value == null) {
                // Fail fast on a permanent error: an unknown namespace, or credentials refused
                // twice (a token provider that refreshes gets a second chance).
                (lastFailure as? NamespaceNotFoundException)?.let { throw it }
                (lastFailure as? InvalidArgumentException)?.let { throw it }
                (lastFailure as? UnauthenticatedException)?.let { if (refusals >= 2) throw it }
                withTimeoutOrNull(POLL_INTERVAL_MS) { routers.first { it != null } }
            }
            routers.value!!
        }
            ?: throw OxiaTimeoutException(
                "no shard map arrived from ${config.serviceAddress} within ${config.connectTimeout}" +
                    (lastFailure?.let { ": ${it.message}" } ?: ""),
                lastFailure,
            )

    /** Waits until a shard map other than [seen] arrives. */
    suspend fun awaitNewerThan(seen: ShardRouter?): ShardRouter =
        routers.first { it != null && it !== seen }!!

    private suspend fun watch() {
        var attempt = 0
        var addressIndex = 0
        while (true) {
            val address = candidateAddresses().let { it[addressIndex % it.size] }
            try {
                coroutineScope {
                    val stream = launch { follow(address) { attempt = 0 } }
                    following = Following(address, stream)
                    stream.join()
                    if (stream.isCancelled) {
                        throw RetryableException("$address was suspected of having stalled")
                    }
                }
            } catch (e: CancellationException) {
                throw e
            } catch (e: Exception) {
                val failure = RpcFailure.of(e)
                lastFailure =
                    failure?.toOxiaException(config.namespace)
                        ?: (e as? OxiaException)
                        ?: (e as? RetryableException)?.let { UnavailableException(it.message!!) }
                refusals = if (lastFailure is UnauthenticatedException) refusals + 1 else 0
                incident.failed(address, failure ?: lastFailure?.message)
                addressIndex++
            }
            delay(backoff.delayFor(attempt++))
        }
    }

    /**
     * Follows the shard-map stream of [address] until it ends, calling [onSnapshot] for each map.
     */
    private suspend fun follow(address: String, onSnapshot: () -> Unit) {
        val request = ShardAssignmentsRequest.newBuilder().setNamespace(config.namespace).build()
        val firstSnapshot = CompletableDeferred<Unit>()
        coroutineScope {
            // A server answers with the current map at once; one that does not within the
            // connect timeout is stalled, or its connection never completed.
            val guard = launch {
                withTimeoutOrNull(config.connectTimeout) { firstSnapshot.await() }
                    ?: throw RetryableException(
                        "no shard map from $address within ${config.connectTimeout}"
                    )
            }
            transport.shardAssignments(address, request).collect { snapshot ->
                refusals = 0
                health.metrics?.shardAssignmentsReceived()
                incident.restored(address)
                onSnapshot()
                firstSnapshot.complete(Unit)
                val namespace = snapshot.namespacesMap[config.namespace]
                if (namespace == null) {
                    lastFailure = NamespaceNotFoundException(config.namespace)
                } else {
                    lastFailure = null
                    val router = ShardRouter.of(namespace)
                    logShardMapChanges(routers.value, router, config.namespace, health)
                    beforePublish(router)
                    routers.value = router
                }
            }
            guard.cancel()
        }
    }

    /**
     * Tells the watcher that [address] stopped answering calls: when the shard-map stream comes
     * from it, the stream moves to another server at once instead of waiting for the keepalive.
     */
    fun suspect(address: String) {
        following?.takeIf { it.address == address }?.stream?.cancel()
    }

    private class Following(val address: String, val stream: Job)

    private fun candidateAddresses(): List<String> {
        val leaders =
            routers.value?.shards?.map { it.leader }?.filter { it.isNotEmpty() } ?: emptyList()
        return (config.bootstrapAddresses + leaders).distinct()
    }

    private companion object {
        const val POLL_INTERVAL_MS = 50L
    }
}
