package io.oxia.coroutines.testing

import io.oxia.coroutines.testing.internal.DirectionGate
import io.oxia.coroutines.testing.internal.GateMode
import io.oxia.coroutines.testing.internal.ProxiedConnection
import java.io.IOException
import java.net.InetAddress
import java.net.InetSocketAddress
import java.net.ServerSocket
import java.net.Socket
import java.time.Duration
import java.util.concurrent.ConcurrentHashMap
import java.util.concurrent.atomic.AtomicInteger
import java.util.concurrent.locks.ReentrantLock

/**
 * A TCP proxy on a loopback port in front of one server ([target]), that a test can cut,
 * black-hole, slow down and restore, each direction on its own, to put a network fault between one
 * client and a server that stays healthy for everyone else. Point a client at [address] (for a
 * whole cluster, see [FaultProxies]).
 *
 * The faults, for the [FaultDirection] given (default both):
 * - [cut]: the direction ends now on every connection (its receiver sees the end of the stream;
 *   with both directions cut, connections are reset) and on every new one; with both cut, new
 *   connections are refused (reset as soon as accepted).
 * - [blackHole]: nothing more gets through, and connections stay open, like a partition in which
 *   the peers keep retransmitting: new connections are accepted and never answered. The bytes are
 *   held, not dropped: after [restore] they arrive, unless a peer gave up on the connection first.
 * - [slow]: every chunk of bytes is held for a delay before it is written on (a busy connection
 *   also loses throughput, since chunks of one direction pass one after the other).
 * - [restore]: the direction passes bytes again at once, including those held.
 *
 * A faulted connection to a target that is down is reset, as a direct one would be. The proxy
 * listens on the loopback interface only and forwards only to a loopback target.
 *
 * Threading: one thread accepts, and each connection has two (daemon threads named
 * `oxia-fault-proxy-<port>-…`). The control methods never block for long and are safe from any
 * thread. [close] resets every connection, stops accepting and returns once every thread of the
 * proxy has ended (or after 5 s); a closed proxy cannot be restarted, its port is released, and the
 * fault methods throw [IllegalStateException].
 */
public class FaultProxy private constructor(private val targetAddress: InetSocketAddress) :
    AutoCloseable {
    private val lock = ReentrantLock()
    private val toServer = DirectionGate(lock)
    private val toClient = DirectionGate(lock)
    private val listener = ServerSocket(0, BACKLOG, InetAddress.getLoopbackAddress())
    private val connections = ConcurrentHashMap.newKeySet<ProxiedConnection>()
    private val threads = ConcurrentHashMap.newKeySet<Thread>()
    private val accepted = AtomicInteger()
    private val name = "oxia-fault-proxy-${listener.localPort}"
    @Volatile private var closed = false

    /** The server the proxy forwards to, as `host:port`. */
    public val target: String = "${targetAddress.hostString}:${targetAddress.port}"

    /** Where clients connect: `127.0.0.1:<port>` (the loopback address), stable until [close]. */
    public val address: String = "${listener.inetAddress.hostAddress}:${listener.localPort}"

    /** How many connections the proxy has accepted since it started, refused ones included. */
    public val acceptedConnections: Int
        get() = accepted.get()

    /** How many connections are open now. */
    public val openConnections: Int
        get() = connections.size

    init {
        spawn("$name-accept", ::acceptLoop)
    }

    /** Ends [direction] on every connection, now and for new ones, until [restore]. */
    @JvmOverloads
    public fun cut(direction: FaultDirection = FaultDirection.BOTH) {
        set(direction, GateMode.Cut)
        ArrayList(connections).forEach { connection ->
            if (direction == FaultDirection.BOTH) {
                connection.reset()
            } else {
                connection.cut(toServerSide = direction == FaultDirection.CLIENT_TO_SERVER)
            }
        }
    }

    /** Holds every byte of [direction], leaving connections open, until [restore]. */
    @JvmOverloads
    public fun blackHole(direction: FaultDirection = FaultDirection.BOTH) {
        set(direction, GateMode.BlackHole)
    }

    /**
     * Delays every chunk of [direction] by [delay] (bytes already held are held for it too), until
     * [restore].
     *
     * @throws IllegalArgumentException when [delay] is negative.
     */
    @JvmOverloads
    public fun slow(delay: Duration, direction: FaultDirection = FaultDirection.BOTH) {
        require(!delay.isNegative) { "delay must not be negative, was $delay" }
        set(direction, GateMode.Slow(delay.toNanos()))
    }

    /**
     * Lets [direction] pass bytes at once again. Connections that a cut ended stay ended; new ones
     * pass.
     */
    @JvmOverloads
    public fun restore(direction: FaultDirection = FaultDirection.BOTH) {
        set(direction, GateMode.Open)
    }

    /** Stops the proxy and waits for its threads; see the class. Idempotent. */
    override fun close() {
        closed = true
        toServer.close()
        toClient.close()
        runCatching { listener.close() }
        // A copy by toArray: toList() can fail when a connection ends during it.
        ArrayList(connections).forEach { it.reset() }
        val deadline = System.nanoTime() + CLOSE_WAIT_NANOS
        // Again while threads remain: a connection accepted as the proxy closed starts its own.
        while (System.nanoTime() < deadline) {
            val others = threads.filter { it != Thread.currentThread() }
            if (others.isEmpty()) break
            others.forEach { it.join(maxOf(1, (deadline - System.nanoTime()) / 1_000_000)) }
        }
    }

    override fun toString(): String = "FaultProxy($address -> $target)"

    private fun set(direction: FaultDirection, mode: GateMode) {
        check(!closed) { "$this is closed" }
        if (direction.covers(FaultDirection.CLIENT_TO_SERVER)) toServer.set(mode)
        if (direction.covers(FaultDirection.SERVER_TO_CLIENT)) toClient.set(mode)
    }

    private fun acceptLoop() {
        while (!closed) {
            val socket =
                try {
                    listener.accept()
                } catch (e: IOException) {
                    break
                }
            val number = accepted.incrementAndGet()
            if (closed || (toServer.isCut && toClient.isCut)) {
                refuse(socket)
                continue
            }
            val connection =
                ProxiedConnection(socket, targetAddress, toServer, toClient, ::spawn) {
                    connections.remove(it)
                }
            connections += connection
            // A close racing with this accept must not miss the new connection.
            if (closed) connection.reset() else connection.start("$name-$number")
        }
    }

    private fun refuse(socket: Socket) {
        runCatching { socket.setSoLinger(true, 0) }
        runCatching { socket.close() }
    }

    private fun spawn(threadName: String, body: () -> Unit) {
        val thread =
            Thread(
                {
                    try {
                        body()
                    } finally {
                        threads.remove(Thread.currentThread())
                    }
                },
                threadName,
            )
        thread.isDaemon = true
        threads += thread
        thread.start()
    }

    public companion object {
        private const val BACKLOG = 50
        private const val CLOSE_WAIT_NANOS = 5_000_000_000L

        /**
         * Starts a proxy on a free loopback port that forwards to [target] (`host:port`, a loopback
         * host), with every direction open.
         *
         * @throws IllegalArgumentException when [target] is not `host:port` or its host is not a
         *   loopback address.
         */
        @JvmStatic
        public fun start(target: String): FaultProxy {
            val host = target.substringBeforeLast(':', "")
            val port = target.substringAfterLast(':').toIntOrNull()
            require(host.isNotEmpty() && port != null && port in 1..65_535) {
                "target must be host:port, was '$target'"
            }
            val address = InetSocketAddress(host.removePrefix("[").removeSuffix("]"), port)
            require(address.address?.isLoopbackAddress == true) {
                "a fault proxy forwards to loopback addresses only, not '$target'"
            }
            return FaultProxy(address)
        }
    }
}
