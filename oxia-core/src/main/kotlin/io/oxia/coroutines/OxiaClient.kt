package io.oxia.coroutines

import io.oxia.coroutines.internal.RealOxiaClient
import kotlin.time.Duration
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.StateFlow

/**
 * A client of one Oxia namespace.
 *
 * Every operation is a suspend function that never blocks a thread and is cancellable: cancelling
 * the caller withdraws an operation that was not sent yet, and abandons the wait for one that was.
 * Operations retry retryable failures (leader moves, a server still starting) with backoff until
 * [OxiaClientConfig.requestTimeout], or the operation's own timeout from its options
 * ([PutOptions.timeout] and the like), then fail with [OxiaTimeoutException]. Invalid options fail
 * where they are made, with [InvalidArgumentException], whichever API makes them. Failures are
 * [OxiaException]s; expected outcomes are values (a missing key is `null`).
 *
 * Write semantics: writes to one shard are batched and sent over one stream, in the order the calls
 * were made, and the server applies them in that order; the client keeps a delete followed by a put
 * of the same key in order. If the stream breaks after a write was sent and before its answer
 * arrived, the write fails with [OutcomeUnknownException] and is not retried, so that nothing is
 * ever applied twice without the caller knowing. Writes that were not sent yet, or that the server
 * refused before applying anything, are sent again on the new stream. An acknowledged write is
 * durable on the server.
 *
 * Lifecycle: [connect] makes a client its caller must close; [withOxiaClient] confines one to a
 * block, and [oxiaClient] makes one a child of a `CoroutineScope`, closed when that scope is
 * cancelled. After [close] (or [shutdown]) every operation fails with [ClientClosedException], and
 * operations in flight fail with it too (a write already sent may have been applied). The endless
 * flows ([notifications], [sequenceUpdates], [sessionEvents]) then complete normally, also when
 * collected after the close: a collector needs no `try`/`catch` for the close its own application
 * made. [list] and [rangeScan] fail with [ClientClosedException] instead, when collected after the
 * close or cut short by it, so that a partial answer never passes for a whole one. Failures of any
 * other kind end every flow with an exception.
 *
 * Threading: the client does its own work (streams, batching, heartbeats, timeouts) on a dispatcher
 * of its own, and resumes callers on their own dispatchers, never on its threads. A caller that
 * blocks its thread (even every thread of `Dispatchers.Default`) stalls itself only: other calls
 * complete, and fail at their timeout, whatever the callers do. A flow runs in its collector's
 * coroutine, so a collector that blocks delays its own flow only. The client is safe to use from
 * any number of coroutines at once.
 *
 * `OxiaClient` is an interface so that applications can fake it in their own tests.
 */
public interface OxiaClient : AutoCloseable {
    /** The configuration the client was connected with. */
    public val config: OxiaClientConfig

    /**
     * Writes [value] under [key].
     *
     * @return the key actually written (the generated one for sequence keys) and the record's new
     *   version.
     * @throws UnexpectedVersionException when [PutOptions.expectedVersionId] does not match the
     *   record.
     * @throws KeyAlreadyExistsException when the put required the key to be absent and it exists.
     * @throws InvalidArgumentException for a key starting with `__oxia/` (the server's own), a key
     *   or value larger than [OxiaClientConfig.maxKeyBytes] or [OxiaClientConfig.maxValueBytes];
     *   nothing is sent. Empty and blank keys are keys like any other, as they are to the server.
     */
    public suspend fun put(key: String, value: ByteArray, options: PutOptions): PutResult

    /**
     * Reads the record matching [key] as [GetOptions.comparison] asks.
     *
     * @return the record, or `null` when none matches.
     */
    public suspend fun get(key: String, options: GetOptions): GetResult?

    /**
     * Deletes the record under [key].
     *
     * @return `true` if the record existed and was deleted, `false` if there was none (without an
     *   expected version).
     * @throws UnexpectedVersionException when [DeleteOptions.expectedVersionId] does not match the
     *   record, including when there is no record: the server answers a conditional delete of a
     *   missing key with an unexpected version, and the client keeps its meaning.
     */
    public suspend fun delete(key: String, options: DeleteOptions): Boolean

    /**
     * Deletes every record whose key lies in [[startInclusive], [endExclusive]) in the namespace's
     * key order, on every shard, or only on the shard of [partitionKey] when it is given. The
     * bounds mean what they mean to [list]: an empty bound is unbounded on that side, and the
     * server's own `__oxia/` keys are never deleted, whatever the bounds. [timeout], when given,
     * bounds this call instead of [OxiaClientConfig.requestTimeout]; it must be positive (else
     * [InvalidArgumentException], nothing sent).
     */
    public suspend fun deleteRange(
        startInclusive: String,
        endExclusive: String,
        partitionKey: String? = null,
        timeout: Duration? = null,
    )

    /**
     * The keys in [[startInclusive], [endExclusive]) in the namespace's key order (an empty bound
     * is unbounded on that side). Cold: nothing is asked of the server before collection. Every
     * shard is read concurrently (only one with [RangeOptions.partitionKey]) and the answers are
     * merged as they arrive, holding about one server response per shard in memory; the next
     * response is asked for only when the collector has used up the current one. Cancelling the
     * collection cancels every shard's call. A shard that fails before it answered anything is
     * retried within the request timeout; a later failure ends the flow with an [OxiaException]. A
     * server that sends a shard's first answer, or its next one, no sooner than the request timeout
     * after the flow waits for it ends the flow with [OxiaTimeoutException] naming the shard and
     * the server; the time the collector spends on the answers does not count. Bad bounds and a
     * closed client fail the flow when it is collected, not this call.
     */
    public fun list(
        startInclusive: String,
        endExclusive: String,
        options: RangeOptions,
    ): Flow<String>

    /**
     * The records whose keys lie in [[startInclusive], [endExclusive]), in the namespace's key
     * order; the same contract as [list] (cold, merged with bounded memory, cancellable). Through a
     * secondary index, records come shard by shard, each shard's in secondary-key order: the
     * servers do not report the secondary keys a merge would need (give a partition key for one
     * ordered answer).
     */
    public fun rangeScan(
        startInclusive: String,
        endExclusive: String,
        options: RangeOptions,
    ): Flow<GetResult>

    /**
     * The changes made in the namespace, as they are committed. Cold: each collection opens its own
     * stream per shard (following new shards and leader moves, resuming from the last offset
     * delivered, so nothing is lost or repeated across reconnects) and buffers at most 1024
     * notifications; past that, the streams pause until the collector catches up, so a slow
     * collector delays only itself. Use [NotificationOptions.onEstablished] to learn when every
     * shard's stream is established. Within a shard, notifications come in commit order; across
     * shards, in no particular order. The flow completes when the client closes, and fails with an
     * [OxiaException] when the namespace has notifications disabled.
     */
    public fun notifications(options: NotificationOptions): Flow<Notification>

    /**
     * The highest sequence key generated under [prefixKey] in [partitionKey]'s shard: the current
     * one first (if any), then each new one; updates that come faster than they are collected are
     * collapsed to the latest. Cold; reconnects with backoff after failures and never repeats a
     * key. Use [SequenceUpdateOptions.onEstablished] to learn when the server follows the sequence.
     * Completes when the client closes.
     */
    public fun sequenceUpdates(
        prefixKey: String,
        partitionKey: String,
        options: SequenceUpdateOptions = SequenceUpdateOptions.DEFAULT,
    ): Flow<String>

    /**
     * Changes of the client's sessions (one per shard, carrying the ephemeral records written to
     * it): created, expired (the records are gone), recreated, closed. Hot: a collector sees the
     * events that happen after it subscribed; a slow collector loses the oldest events past a
     * buffer of 256 rather than stalling the client. Completes once the client is closed (after the
     * sessions' [SessionState.CLOSED] events). The same as [sessionEvents] with no options.
     */
    public val sessionEvents: Flow<SessionEvent>

    /**
     * [sessionEvents], with [SessionEventOptions.onSubscribed] to learn when the collector is
     * subscribed, so that it sees the events of what it does next.
     */
    public fun sessionEvents(options: SessionEventOptions): Flow<SessionEvent>

    /**
     * How well the client reaches the servers: [ConnectionStatus.READY],
     * [ConnectionStatus.DEGRADED] while a stream is lost and being restored (with the shards
     * affected, and whether the shard-map stream is), then [ConnectionStatus.CLOSED] for good once
     * the client closes. Cheap to read; collect it to follow the changes (a `StateFlow` skips
     * states it did not see).
     */
    public val connectionState: StateFlow<ConnectionState>

    /**
     * What happens to the client's view of the cluster: shard-map changes, leader moves, streams
     * lost and restored (once per incident), sessions expired and recreated. Hot, like
     * [sessionEvents]: a collector sees what happens after it subscribed, a slow one loses the
     * oldest events past a buffer of 256. Completes once the client is closed.
     */
    public val clientEvents: Flow<ClientEvent>

    /** A snapshot of the client's work: pending operations, batches, sessions, reconnects. */
    public fun stats(): ClientStats

    /**
     * Closes the client: closes its sessions (their ephemeral records are deleted), fails every
     * pending operation with [ClientClosedException], stops the background work (shard map stream,
     * write streams, heartbeats) and closes the connections, then returns. Idempotent: a second
     * call waits for the first to finish.
     *
     * Runs to the end even when the calling coroutine is cancelled, so it may be called from a
     * `finally` block; closing the sessions takes at most 5 s when their servers do not answer.
     */
    public suspend fun shutdown()

    /**
     * Like [shutdown], for callers outside coroutines (`use {}`, try-with-resources): blocks the
     * calling thread until the client is closed. Inside a coroutine, call [shutdown] instead.
     * Idempotent.
     */
    override fun close()

    public companion object {
        /**
         * Connects to the Oxia cluster at [serviceAddress] and waits until the namespace's shard
         * map has arrived.
         *
         * @throws OxiaTimeoutException when no shard map arrived within
         *   [OxiaClientBuilder.connectTimeout].
         * @throws NamespaceNotFoundException when the namespace does not exist.
         * @throws InvalidArgumentException when the settings are invalid.
         */
        public suspend fun connect(
            serviceAddress: String,
            configure: OxiaClientBuilder.() -> Unit = {},
        ): OxiaClient = connect(OxiaClientBuilder(serviceAddress).apply(configure).build())

        /** Connects with a ready configuration; see the other overload. */
        public suspend fun connect(config: OxiaClientConfig): OxiaClient =
            RealOxiaClient.connect(config)
    }
}
