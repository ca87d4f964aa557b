package io.oxia.coroutines.internal.transport

import io.grpc.ChannelCredentials
import io.grpc.ConnectivityState
import io.grpc.Grpc
import io.grpc.InsecureChannelCredentials
import io.grpc.ManagedChannel
import io.grpc.TlsChannelCredentials
import io.oxia.coroutines.ClientClosedException
import io.oxia.coroutines.OxiaClientConfig
import io.oxia.coroutines.TlsOptions
import java.util.concurrent.ConcurrentHashMap
import java.util.concurrent.TimeUnit
import java.util.concurrent.atomic.AtomicLong
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.withContext

/**
 * One channel per server address, created on first use and reused by every call to that server. The
 * address is dialled as the shard map spells it, or where the configured address translator says;
 * either way the HTTP/2 authority is the address as spelled, because servers check it against their
 * own configuration.
 */
internal class ChannelPool(private val config: OxiaClientConfig) {
    private val channels = ConcurrentHashMap<String, ManagedChannel>()
    @Volatile private var closed = false
    private val nextReconnects = ConcurrentHashMap<String, AtomicLong>()

    /** Whether [close] was called; calls failing from then on fail because the client closed. */
    val isClosed: Boolean
        get() = closed

    fun channel(address: String): ManagedChannel {
        if (closed) throw ClientClosedException()
        val channel = channels.computeIfAbsent(address, ::newChannel)
        if (channel.getState(false) == ConnectivityState.TRANSIENT_FAILURE)
            reconnectSoon(address, channel)
        return channel
    }

    /**
     * gRPC waits longer and longer between attempts to connect to a server that refused (up to two
     * minutes), so a server back after a long outage would be used only that much later. A call
     * that finds the channel waiting asks for an attempt now instead; the callers' own backoff
     * ([OxiaClientConfig.reconnectBackoffMax] at most) paces the attempts, and at most one per
     * [OxiaClientConfig.reconnectBackoffInitial] is asked for per server.
     */
    private fun reconnectSoon(address: String, channel: ManagedChannel) {
        val now = System.nanoTime()
        val next = nextReconnects.computeIfAbsent(address) { AtomicLong(now) }
        val allowed = next.get()
        val pause = config.reconnectBackoffInitial.inWholeNanoseconds
        if (now - allowed >= 0 && next.compareAndSet(allowed, now + pause))
            channel.resetConnectBackoff()
    }

    private fun newChannel(address: String): ManagedChannel {
        val dialled = config.addressTranslator?.translate(address) ?: address
        return Grpc.newChannelBuilder(dialled, credentials(config.tls))
            .apply { if (dialled != address) overrideAuthority(address) }
            .maxInboundMessageSize(config.maxInboundMessageBytes)
            // Answers are handled on the network thread: every listener of this client only
            // resumes coroutines or offers to channels, and the hop to another thread per
            // message costs more than that.
            .directExecutor()
            // Detects a half-open or stalled connection (by default within 10 s); servers refuse
            // pings more frequent than every 5 s.
            .keepAliveTime(config.keepAliveInterval.inWholeMilliseconds, TimeUnit.MILLISECONDS)
            .keepAliveTimeout(config.keepAliveTimeout.inWholeMilliseconds, TimeUnit.MILLISECONDS)
            .build()
    }

    /**
     * Closes every channel, cancelling the calls still on them, and waits briefly for them to
     * terminate.
     */
    suspend fun close() {
        closed = true
        val all = channels.values.toList()
        channels.clear()
        all.forEach { it.shutdownNow() }
        withContext(Dispatchers.IO) {
            all.forEach { it.awaitTermination(TERMINATION_SECONDS, TimeUnit.SECONDS) }
        }
    }

    private companion object {
        const val TERMINATION_SECONDS = 5L

        fun credentials(tls: TlsOptions?): ChannelCredentials {
            if (tls == null) return InsecureChannelCredentials.create()
            val builder = TlsChannelCredentials.newBuilder()
            tls.trustedCertificates?.let { builder.trustManager(it.toFile()) }
            if (tls.clientCertificate != null && tls.clientKey != null) {
                builder.keyManager(tls.clientCertificate.toFile(), tls.clientKey.toFile())
            }
            return builder.build()
        }
    }
}
