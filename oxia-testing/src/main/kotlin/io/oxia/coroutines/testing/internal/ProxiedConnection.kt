package io.oxia.coroutines.testing.internal

import java.io.IOException
import java.net.InetSocketAddress
import java.net.Socket
import java.util.concurrent.atomic.AtomicBoolean
import java.util.concurrent.atomic.AtomicInteger

/**
 * One client connection through a fault proxy: a socket to the target and two threads, each copying
 * one direction through its [DirectionGate]. A direction that ends (end of stream from its source,
 * or a cut) half-closes its destination; the connection closes once both have ended, and at once
 * (with a reset) when either side fails.
 */
internal class ProxiedConnection(
    private val client: Socket,
    private val target: InetSocketAddress,
    private val toServer: DirectionGate,
    private val toClient: DirectionGate,
    private val spawn: (name: String, body: () -> Unit) -> Unit,
    private val onClosed: (ProxiedConnection) -> Unit,
) {
    private val server = Socket()
    private val directionsEnded = AtomicInteger()
    private val closed = AtomicBoolean(false)

    fun start(name: String) {
        spawn("$name-c2s") {
            try {
                server.tcpNoDelay = true
                client.tcpNoDelay = true
                server.connect(target, CONNECT_TIMEOUT_MS)
            } catch (e: IOException) {
                // The target is down: the client sees its connection reset, as it would without us.
                reset()
                return@spawn
            }
            spawn("$name-s2c") { copy(server, client, toClient) }
            copy(client, server, toServer)
        }
    }

    /** Ends [direction]'s copying now: its destination sees the end of the stream. */
    @Synchronized
    fun cut(toServerSide: Boolean) {
        val (from, to) = if (toServerSide) client to server else server to client
        runCatching { to.shutdownOutput() }
        // Wakes the thread blocked reading the source.
        runCatching { from.shutdownInput() }
    }

    /** Closes both sockets with a reset (no orderly end of stream), which ends both threads. */
    fun reset() {
        if (!closed.compareAndSet(false, true)) return
        listOf(client, server).forEach { socket ->
            runCatching { if (!socket.isClosed) socket.setSoLinger(true, 0) }
            runCatching { socket.close() }
        }
        onClosed(this)
    }

    private fun copy(from: Socket, to: Socket, gate: DirectionGate) {
        val buffer = ByteArray(BUFFER_BYTES)
        try {
            // Under the lock of cut: a stream of a socket shut down by a cut cannot be had, and the
            // gate says cut before the sockets are shut down.
            val streams =
                synchronized(this) {
                    if (gate.isCut) null else from.getInputStream() to to.getOutputStream()
                }
            val (input, output) = streams ?: (null to null)
            while (input != null && output != null && !gate.isCut) {
                val read = input.read(buffer)
                if (read < 0 || !gate.awaitPassage(System.nanoTime())) break
                output.write(buffer, 0, read)
                output.flush()
            }
            runCatching { to.shutdownOutput() }
        } catch (e: IOException) {
            reset()
        } finally {
            if (directionsEnded.incrementAndGet() == 2) close()
        }
    }

    private fun close() {
        if (!closed.compareAndSet(false, true)) return
        runCatching { client.close() }
        runCatching { server.close() }
        onClosed(this)
    }

    private companion object {
        const val CONNECT_TIMEOUT_MS = 2_000
        const val BUFFER_BYTES = 16 * 1024
    }
}
