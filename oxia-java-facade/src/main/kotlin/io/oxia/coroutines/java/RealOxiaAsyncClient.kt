package io.oxia.coroutines.java

import io.oxia.coroutines.ClientEvent
import io.oxia.coroutines.ClientStats
import io.oxia.coroutines.ConnectionState
import io.oxia.coroutines.ConnectionStatus
import io.oxia.coroutines.DeleteOptions
import io.oxia.coroutines.GetOptions
import io.oxia.coroutines.GetResult
import io.oxia.coroutines.Notification
import io.oxia.coroutines.NotificationOptions
import io.oxia.coroutines.OxiaClient
import io.oxia.coroutines.OxiaClientConfig
import io.oxia.coroutines.PutOptions
import io.oxia.coroutines.RangeOptions
import io.oxia.coroutines.SequenceUpdateOptions
import io.oxia.coroutines.SessionEvent
import io.oxia.coroutines.SessionEventOptions
import io.oxia.coroutines.java.internal.inCallerContext
import java.util.concurrent.CompletableFuture
import java.util.concurrent.Executor
import java.util.concurrent.Flow
import kotlin.time.toKotlinDuration
import kotlinx.coroutines.flow.transformWhile

/** [OxiaAsyncClient] over the Kotlin client [core], delivering through [facade]. */
internal class RealOxiaAsyncClient(private val core: OxiaClient, private val facade: FacadeScope) :
    OxiaAsyncClient {
    // Publishers may be collected on another thread: they carry the caller's tracing context.
    private val traced = core.config.openTelemetry != null

    override val config: OxiaClientConfig
        get() = core.config

    override fun put(key: String, value: ByteArray, options: PutOptions) = facade.future {
        core.put(key, value, options)
    }

    override fun get(key: String, options: GetOptions) = facade.future { core.get(key, options) }

    override fun delete(key: String, options: DeleteOptions) = facade.future {
        core.delete(key, options)
    }

    override fun deleteRange(
        startInclusive: String,
        endExclusive: String,
        partitionKey: String?,
        timeout: java.time.Duration?,
    ): CompletableFuture<Void?> = facade.future {
        core.deleteRange(startInclusive, endExclusive, partitionKey, timeout?.toKotlinDuration())
        null
    }

    override fun list(startInclusive: String, endExclusive: String, options: RangeOptions) =
        facade.publisher(core.list(startInclusive, endExclusive, options).inCallerContext(traced))

    override fun listKeys(startInclusive: String, endExclusive: String, options: RangeOptions) =
        facade.future {
            core
                .list(startInclusive, endExclusive, options)
                .collectAtMost(OxiaAsyncClient.MAX_COLLECTED, "list()")
        }

    override fun rangeScan(
        startInclusive: String,
        endExclusive: String,
        options: RangeOptions,
    ): Flow.Publisher<GetResult> =
        facade.publisher(
            core.rangeScan(startInclusive, endExclusive, options).inCallerContext(traced)
        )

    override fun rangeScanAll(startInclusive: String, endExclusive: String, options: RangeOptions) =
        facade.future {
            core
                .rangeScan(startInclusive, endExclusive, options)
                .collectAtMost(OxiaAsyncClient.MAX_COLLECTED, "rangeScan()")
        }

    override fun notifications(options: NotificationOptions): Flow.Publisher<Notification> =
        facade.publisher(core.notifications(options))

    override fun sequenceUpdates(
        prefixKey: String,
        partitionKey: String,
        options: SequenceUpdateOptions,
    ): Flow.Publisher<String> =
        facade.publisher(core.sequenceUpdates(prefixKey, partitionKey, options))

    override fun sessionEvents(options: SessionEventOptions): Flow.Publisher<SessionEvent> =
        facade.publisher(core.sessionEvents(options))

    override fun connectionState(): ConnectionState = core.connectionState.value

    override fun connectionStates(): Flow.Publisher<ConnectionState> =
        facade.publisher(
            core.connectionState.transformWhile {
                emit(it)
                it.status != ConnectionStatus.CLOSED
            }
        )

    override fun clientEvents(): Flow.Publisher<ClientEvent> = facade.publisher(core.clientEvents)

    override fun stats(): ClientStats = core.stats()

    override fun kotlinClient(): OxiaClient = core

    override fun callbackExecutor(): Executor = facade.callbacks

    override fun closeAsync(): CompletableFuture<Void?> = facade.future {
        core.shutdown()
        null
    }

    override fun close() {
        core.close()
    }

    override fun toString(): String = "OxiaAsyncClient(${core.config.serviceAddress})"
}
