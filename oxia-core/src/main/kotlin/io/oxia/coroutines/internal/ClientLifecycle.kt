package io.oxia.coroutines.internal

import io.oxia.coroutines.ClientClosedException
import io.oxia.coroutines.OxiaClientConfig
import io.oxia.coroutines.internal.observability.ClientHealth
import io.oxia.coroutines.internal.observability.ClientLogs
import io.oxia.coroutines.internal.observability.ClientMetrics
import io.oxia.coroutines.internal.retry.Backoff
import io.oxia.coroutines.internal.routing.ShardMapWatcher
import io.oxia.coroutines.internal.transport.CallHeaders
import io.oxia.coroutines.internal.transport.ChannelPool
import io.oxia.coroutines.internal.transport.GrpcTransport
import io.oxia.coroutines.internal.transport.OxiaTransport
import java.util.concurrent.atomic.AtomicBoolean
import kotlinx.coroutines.CoroutineName
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.CoroutineStart
import kotlinx.coroutines.DelicateCoroutinesApi
import kotlinx.coroutines.Job
import kotlinx.coroutines.NonCancellable
import kotlinx.coroutines.SupervisorJob
import kotlinx.coroutines.awaitCancellation
import kotlinx.coroutines.cancelAndJoin
import kotlinx.coroutines.job
import kotlinx.coroutines.launch
import kotlinx.coroutines.withContext

/**
 * The client's life: the threads and the scope that own its background coroutines, its channels,
 * and the one closed state every call checks. Made by [ClientLifecycle.open], ended once by
 * [shutdown].
 */
internal class ClientLifecycle
private constructor(
    /** The configuration the client was connected with. */
    val config: OxiaClientConfig,
    /** The scope of every background coroutine of the client. */
    val scope: CoroutineScope,
    /** The calls of the client. */
    val transport: OxiaTransport,
    /** The shard map, already received once. */
    val watcher: ShardMapWatcher,
    private val threads: ClientThreads,
    /** The connection state, events and counters. */
    val health: ClientHealth,
) {
    private val closed = AtomicBoolean(false)
    // Completed once shutdown has finished, for the callers of shutdown after the first.
    private val stopped = Job()

    /** The client's job: done once the client is closed. */
    val job: Job
        get() = scope.coroutineContext.job

    /** @throws ClientClosedException once [shutdown] has begun. */
    fun checkOpen() {
        if (closed.get()) throw ClientClosedException()
    }

    /**
     * Closes the client once: marks it closed, runs [beforeStop] (the sessions close while the
     * streams still run), cancels and joins the scope, closes the channels. Later callers wait for
     * the first to finish. Runs to the end even for a caller already cancelled: sessions left open
     * would keep their ephemeral records alive.
     */
    suspend fun shutdown(beforeStop: suspend () -> Unit) {
        if (!closed.compareAndSet(false, true)) return stopped.join()
        withContext(NonCancellable) {
            try {
                beforeStop()
                job.cancelAndJoin()
                transport.close()
                threads.close()
            } finally {
                job.cancel()
                stopped.complete()
                health.close()
                ClientLogs.client.info("closed the client of {}", config.serviceAddress)
            }
        }
    }

    /**
     * Makes the client a child of [owner]: a coroutine of [owner] waits until it is cancelled, then
     * runs [shutdown] to the end, so that [owner] completes only once the client is closed. A
     * client closed first ends that coroutine, leaving [owner] free to complete.
     */
    @OptIn(DelicateCoroutinesApi::class)
    fun ownedBy(owner: CoroutineScope, shutdown: suspend () -> Unit) {
        // Atomic: an owner cancelled meanwhile still runs the finally block, and closes the client.
        val child =
            owner.launch(CoroutineName("oxia-client-owner"), CoroutineStart.ATOMIC) {
                try {
                    awaitCancellation()
                } finally {
                    shutdown()
                }
            }
        stopped.invokeOnCompletion { child.cancel() }
    }

    companion object {
        /**
         * Opens the client's threads, scope and channels and waits for the first shard map; on
         * failure everything opened is closed again. Every call of the client goes through
         * [transportAround] of the gRPC transport (the transport itself unless told otherwise).
         */
        suspend fun open(
            config: OxiaClientConfig,
            transportAround: (OxiaTransport) -> OxiaTransport = { it },
        ): ClientLifecycle {
            val threads = ClientThreads()
            val scope =
                CoroutineScope(SupervisorJob() + threads.dispatcher + CoroutineName("oxia-client"))
            val channels = ChannelPool(config)
            val transport =
                transportAround(
                    GrpcTransport(channels, CallHeaders(config.namespace, config.tokenProvider))
                )
            val backoff = Backoff(config.reconnectBackoffInitial, max = config.reconnectBackoffMax)
            val health =
                ClientHealth(config.openTelemetry?.let { ClientMetrics(it, config.namespace) })
            val watcher = ShardMapWatcher(config, transport, backoff, health)
            watcher.start(scope)
            try {
                val first = watcher.awaitFirst()
                ClientLogs.client.info(
                    "connected to {}, namespace {}: {} shards",
                    config.serviceAddress,
                    config.namespace,
                    first.shards.size,
                )
            } catch (e: Throwable) {
                withContext(NonCancellable) {
                    scope.coroutineContext.job.cancelAndJoin()
                    transport.close()
                    threads.close()
                }
                throw e
            }
            return ClientLifecycle(config, scope, transport, watcher, threads, health)
        }
    }
}
