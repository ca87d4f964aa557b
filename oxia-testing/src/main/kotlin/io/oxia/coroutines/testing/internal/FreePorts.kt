package io.oxia.coroutines.testing.internal

import java.net.InetAddress
import java.net.ServerSocket

/**
 * Picks loopback ports that are free now; the caller retries on the rare clash with another
 * process.
 */
internal object FreePorts {
    fun take(count: Int): List<Int> {
        val sockets = (1..count).map { ServerSocket(0, 1, InetAddress.getLoopbackAddress()) }
        return try {
            sockets.map { it.localPort }
        } finally {
            sockets.forEach { it.close() }
        }
    }
}
