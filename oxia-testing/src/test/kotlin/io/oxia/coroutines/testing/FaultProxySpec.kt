package io.oxia.coroutines.testing

import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import java.io.IOException
import java.net.InetAddress
import java.net.ServerSocket
import java.net.Socket
import java.net.SocketTimeoutException
import java.time.Duration
import java.util.concurrent.LinkedBlockingQueue
import java.util.concurrent.TimeUnit

/** A loopback server whose accepted sockets the test drives by hand. */
private class HandServer : AutoCloseable {
    private val listener = ServerSocket(0, 50, InetAddress.getLoopbackAddress())
    private val accepted = LinkedBlockingQueue<Socket>()
    val address = "127.0.0.1:${listener.localPort}"
    private val acceptor = Thread {
        while (true) {
            accepted += runCatching { listener.accept() }.getOrNull() ?: break
        }
    }
        .apply {
            isDaemon = true
            start()
        }

    fun next(): Socket = checkNotNull(accepted.poll(5, TimeUnit.SECONDS)) { "no connection" }

    fun nothingNew(): Boolean = accepted.poll(300, TimeUnit.MILLISECONDS) == null

    override fun close() {
        listener.close()
        acceptor.join(5_000)
    }
}

private fun Socket.send(text: String) {
    getOutputStream().write(text.toByteArray())
    getOutputStream().flush()
}

/** Reads [length] bytes, or fails after [timeoutMs] without them. */
private fun Socket.receive(length: Int, timeoutMs: Int = 5_000): String {
    soTimeout = timeoutMs
    val bytes = ByteArray(length)
    var read = 0
    while (read < length) {
        val n = getInputStream().read(bytes, read, length - read)
        if (n < 0) throw IOException("end of stream after $read bytes")
        read += n
    }
    return String(bytes)
}

/** `-1` for an orderly end of stream; throws for a reset or nothing within 2 s. */
private fun Socket.readEnd(): Int {
    soTimeout = 2_000
    return getInputStream().read()
}

/** Fails unless the connection ended (end of stream or reset) within 2 s. */
private fun Socket.shouldBeGone() {
    val outcome = runCatching { readEnd() }
    val failure = outcome.exceptionOrNull()
    if (failure is SocketTimeoutException) throw AssertionError("connection still open after 2 s")
    if (failure == null) outcome.getOrNull() shouldBe -1
}

private fun proxyThreads() =
    Thread.getAllStackTraces().keys.count {
        it.isAlive && it.name.startsWith("oxia-fault-proxy-")
    }

private fun connect(proxy: FaultProxy): Socket {
    val (host, port) = proxy.address.split(':')
    return Socket(host, port.toInt())
}

class FaultProxySpec :
    FunSpec({
        test("bytes pass both ways; close ends the connections and leaves no thread") {
            HandServer().use { server ->
                val before = proxyThreads()
                val proxy = FaultProxy.start(server.address)
                proxy.address.startsWith("127.0.0.1:") shouldBe true
                val client = connect(proxy)
                val backend = server.next()
                client.send("ping")
                backend.receive(4) shouldBe "ping"
                backend.send("pong")
                client.receive(4) shouldBe "pong"
                proxy.openConnections shouldBe 1
                proxy.close()
                proxyThreads() shouldBe before
                shouldThrow<IOException> { connect(proxy) }
                // Reset by the close: a reset, or at least the end of the stream.
                client.shouldBeGone()
                proxy.close()
            }
        }

        test("a cut of both directions resets connections and refuses new ones until restored") {
            HandServer().use { server ->
                FaultProxy.start(server.address).use { proxy ->
                    val client = connect(proxy)
                    val backend = server.next()
                    proxy.cut()
                    client.shouldBeGone()
                    backend.shouldBeGone()
                    connect(proxy).shouldBeGone()
                    server.nothingNew() shouldBe true
                    proxy.restore()
                    val again = connect(proxy)
                    val newBackend = server.next()
                    again.send("back")
                    newBackend.receive(4) shouldBe "back"
                }
            }
        }

        test("a cut of one direction ends it alone; the other still passes") {
            HandServer().use { server ->
                FaultProxy.start(server.address).use { proxy ->
                    val client = connect(proxy)
                    val backend = server.next()
                    proxy.cut(FaultDirection.CLIENT_TO_SERVER)
                    backend.readEnd() shouldBe -1
                    backend.send("still")
                    client.receive(5) shouldBe "still"
                    // A new connection starts with that direction ended.
                    connect(proxy)
                    server.next().readEnd() shouldBe -1
                }
            }
        }

        test("a black hole holds one direction, keeps the connection, and restore delivers") {
            HandServer().use { server ->
                FaultProxy.start(server.address).use { proxy ->
                    val client = connect(proxy)
                    val backend = server.next()
                    proxy.blackHole(FaultDirection.SERVER_TO_CLIENT)
                    backend.send("held")
                    shouldThrow<SocketTimeoutException> { client.receive(4, timeoutMs = 500) }
                    client.send("up")
                    backend.receive(2) shouldBe "up"
                    proxy.restore(FaultDirection.SERVER_TO_CLIENT)
                    client.receive(4) shouldBe "held"
                }
            }
        }

        test("a black hole accepts new connections and never answers") {
            HandServer().use { server ->
                FaultProxy.start(server.address).use { proxy ->
                    proxy.blackHole()
                    val client = connect(proxy)
                    val backend = server.next()
                    client.send("lost?")
                    shouldThrow<SocketTimeoutException> { backend.receive(1, timeoutMs = 500) }
                    backend.send("no")
                    shouldThrow<SocketTimeoutException> { client.receive(1, timeoutMs = 500) }
                    proxy.acceptedConnections shouldBe 1
                }
            }
        }

        test("slow delays each direction by its delay, and restore ends it") {
            HandServer().use { server ->
                FaultProxy.start(server.address).use { proxy ->
                    val client = connect(proxy)
                    val backend = server.next()
                    proxy.slow(Duration.ofMillis(600), FaultDirection.CLIENT_TO_SERVER)
                    var started = System.nanoTime()
                    client.send("a")
                    backend.receive(1)
                    val slowMs = (System.nanoTime() - started) / 1_000_000
                    started = System.nanoTime()
                    backend.send("b")
                    client.receive(1)
                    val otherWayMs = (System.nanoTime() - started) / 1_000_000
                    (slowMs >= 600) shouldBe true
                    (otherWayMs < 400) shouldBe true
                    proxy.restore()
                    started = System.nanoTime()
                    client.send("c")
                    backend.receive(1)
                    ((System.nanoTime() - started) / 1_000_000 < 400) shouldBe true
                }
            }
        }

        test("a connection to a target that is down is reset") {
            val down = HandServer()
            val address = down.address
            down.close()
            FaultProxy.start(address).use { proxy ->
                val client = connect(proxy)
                client.shouldBeGone()
            }
        }

        test("only loopback targets, as host:port") {
            shouldThrow<IllegalArgumentException> { FaultProxy.start("10.1.2.3:80") }
            shouldThrow<IllegalArgumentException> { FaultProxy.start("127.0.0.1") }
        }

        test("a group of proxies translates each target and refuses unknown addresses") {
            HandServer().use { a ->
                HandServer().use { b ->
                    FaultProxies.start(listOf(a.address, b.address)).use { proxies ->
                        proxies.translate(a.address) shouldBe proxies[a.address].address
                        (proxies.translate(b.address) == proxies.translate(a.address)) shouldBe
                            false
                        shouldThrow<IllegalArgumentException> { proxies.translate("127.0.0.1:1") }
                        proxies.cut()
                        connect(proxies[b.address]).shouldBeGone()
                    }
                }
            }
        }
    })
