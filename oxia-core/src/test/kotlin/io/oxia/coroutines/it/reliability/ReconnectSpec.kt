package io.oxia.coroutines.it.reliability

import io.kotest.assertions.withClue
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.longs.shouldBeLessThan
import io.oxia.coroutines.OxiaException
import io.oxia.coroutines.get
import io.oxia.coroutines.it.isAtLeast
import io.oxia.coroutines.it.standalone
import io.oxia.coroutines.it.withClient
import io.oxia.coroutines.put
import java.util.concurrent.atomic.AtomicLong
import kotlin.time.Duration.Companion.milliseconds
import kotlin.time.Duration.Companion.seconds
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.delay
import kotlinx.coroutines.launch
import kotlinx.coroutines.withContext
import kotlinx.coroutines.withTimeout

/**
 * A server that is gone for a while and comes back: however long the outage, the client serves
 * again within about 2 s of the server's return (gRPC's own reconnect backoff alone would wait up
 * to two minutes). A get every 50 ms, each with a 1 s timeout, tells when the first one succeeds.
 */
class ReconnectSpec :
    FunSpec({
        val server by standalone(shards = 1)

        test(
            "after outages of 5, 30 and 60 s the client serves within 2 s of the server's return"
        ) {
            val report = ReliabilityReport("reconnect-${server.version}")
            withClient(server, { requestTimeout = 1.seconds }) { client ->
                client.put("/reconnect/k", "v")
                val lastSuccess = AtomicLong(System.nanoTime())
                val prober = launch {
                    while (true) {
                        try {
                            client.get("/reconnect/k")
                            lastSuccess.set(System.nanoTime())
                        } catch (e: OxiaException) {
                            // the outage
                        }
                        delay(50.milliseconds)
                    }
                }
                val recoveries = mutableListOf<Long>()
                // The long outages once, on the main pass's server; the compatibility passes check
                // the mechanism with the short one.
                val outages =
                    if (isAtLeast(server.version, 16)) listOf(5.seconds, 30.seconds, 60.seconds)
                    else listOf(5.seconds)
                for (outage in outages) {
                    withContext(Dispatchers.IO) { server.kill() }
                    delay(outage)
                    withContext(Dispatchers.IO) { server.restart() }
                    val back = System.nanoTime()
                    withTimeout(30.seconds) { while (lastSuccess.get() < back) delay(10) }
                    val recovery = millisBetween(back, lastSuccess.get())
                    recoveries += recovery
                    report.line(
                        "outage $outage: first success ${recovery} ms after the server's return"
                    )
                }
                prober.cancel()
                withClue("recoveries after $outages outages: $recoveries ms") {
                    recoveries.max() shouldBeLessThan 2_500L
                }
            }
        }
    })
