package io.oxia.coroutines.it.reliability

import com.sun.management.UnixOperatingSystemMXBean
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldBeEmpty
import io.kotest.matchers.ints.shouldBeLessThanOrEqual
import io.kotest.matchers.longs.shouldBeLessThan
import io.kotest.matchers.shouldBe
import io.oxia.coroutines.ConnectionState
import io.oxia.coroutines.OxiaClient
import io.oxia.coroutines.get
import io.oxia.coroutines.it.connectTapped
import io.oxia.coroutines.it.sortingOf
import io.oxia.coroutines.it.standalone
import io.oxia.coroutines.it.tap
import io.oxia.coroutines.notifications
import io.oxia.coroutines.put
import io.oxia.coroutines.sequenceUpdates
import java.lang.management.ManagementFactory
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.delay
import kotlinx.coroutines.flow.first
import kotlinx.coroutines.launch

/**
 * A closed client leaves nothing behind: no coroutine, channel or thread, and opening and closing
 * clients over and over does not grow threads, file descriptors or heap.
 */
class ResourceHygieneSpec :
    FunSpec({
        val server by standalone(shards = 3)

        suspend fun connect(): OxiaClient =
            OxiaClient.connect(server.serviceAddress) { keySorting = sortingOf(server.version) }

        test("after close no call, coroutine, channel or thread of the client is left") {
            val threadsBefore = liveThreads().keys
            val client =
                connectTapped(server.serviceAddress) { keySorting = sortingOf(server.version) }
            coroutineScope {
                val listening = CompletableDeferred<Unit>()
                // Streams still open at close: notifications, a write stream per shard, sessions.
                launch {
                    runCatching {
                        client
                            .notifications(onEstablished = { listening.complete(Unit) })
                            .collect {}
                    }
                }
                listening.await()
                (1..30).forEach { client.put("/hygiene/$it", "v", ephemeral = it % 2 == 0) }
                client.get("/hygiene/1")
                val following = CompletableDeferred<Unit>()
                launch {
                    runCatching {
                        client
                            .sequenceUpdates(
                                "/hygiene/seq",
                                "p",
                                onEstablished = { following.complete(Unit) },
                            )
                            .first()
                    }
                }
                following.await()
                client.shutdown()
            }
            // Every call ended, the transport closed its channels, and nothing of the client is
            // left to call it: a coroutine still running would send heartbeats, reconnect a
            // stream or resend writes.
            val tap = client.tap
            tap.closed shouldBe true
            tap.openCalls shouldBe 0
            client.connectionState.value shouldBe ConnectionState.CLOSED
            delay(3_000)
            tap.callsAfterClose shouldBe 0
            // gRPC releases its shared event loops and executor about a second after the last
            // channel closed.
            var left = emptyList<String>()
            repeat(100) {
                left =
                    (liveThreads() - threadsBefore).values.filter {
                        it.startsWith("grpc") || it.contains("oxia")
                    }
                if (left.isEmpty()) return@repeat
                delay(100)
            }
            left.shouldBeEmpty()
        }

        test("10,000 open/close cycles do not grow threads, file descriptors or heap") {
            val report = ReliabilityReport("open-close-cycles-${server.version}")
            suspend fun cycle() {
                val client = connect()
                client.get("/hygiene/1")
                client.shutdown()
            }
            repeat(WARM_UP) { cycle() }
            val before = Usage.now()
            val started = System.nanoTime()
            repeat(CYCLES) { cycle() }
            val elapsed = millisBetween(started, System.nanoTime())
            delay(2_000)
            val after = Usage.now()
            report.line(
                "$CYCLES open/get/close cycles in $elapsed ms: threads ${before.threads} → ${after.threads}, " +
                    "open files ${before.openFiles} → ${after.openFiles}, " +
                    "heap after GC ${before.heapMiB} → ${after.heapMiB} MiB"
            )
            after.threads shouldBeLessThanOrEqual before.threads + 2
            after.openFiles shouldBeLessThan before.openFiles + 20
            after.heapMiB shouldBeLessThan before.heapMiB + 32
        }
    }) {
    private data class Usage(val threads: Int, val openFiles: Long, val heapMiB: Long) {
        companion object {
            fun now(): Usage {
                repeat(3) { System.gc() }
                val os = ManagementFactory.getOperatingSystemMXBean() as UnixOperatingSystemMXBean
                val heap = ManagementFactory.getMemoryMXBean().heapMemoryUsage.used
                return Usage(Thread.activeCount(), os.openFileDescriptorCount, heap / (1024 * 1024))
            }
        }
    }

    private companion object {
        const val WARM_UP = 200
        const val CYCLES = 10_000

        fun liveThreads(): Map<Long, String> =
            Thread.getAllStackTraces().keys.filter { it.isAlive }.associate { it.id to it.name }
    }
}
