package io.oxia.coroutines.recipes.it

import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldBeSortedWith
import io.kotest.matchers.nulls.shouldBeNull
import io.kotest.matchers.nulls.shouldNotBeNull
import io.kotest.matchers.shouldBe
import io.oxia.coroutines.listKeys
import io.oxia.coroutines.recipes.OxiaLock
import java.util.Collections
import java.util.concurrent.atomic.AtomicInteger
import kotlin.time.Duration.Companion.milliseconds
import kotlin.time.Duration.Companion.seconds
import kotlinx.coroutines.async
import kotlinx.coroutines.awaitAll
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.delay
import kotlinx.coroutines.launch
import kotlinx.coroutines.withTimeout

class LockSpec :
    FunSpec({
        val server by standalone()

        test("waiters get the lock one at a time, in the order they asked, with growing tokens") {
            withClients(server, 4) { clients ->
                val path = "/locks/fifo"
                val first = OxiaLock(clients[0], path).acquire()
                val order = Collections.synchronizedList(mutableListOf<Pair<Int, Long>>())
                val holders = AtomicInteger()
                coroutineScope {
                    val waiters =
                        (1..3).map { i ->
                            // Staggered, so that the order of asking is known.
                            delay(300)
                            async {
                                OxiaLock(clients[i], path).withLock { lease ->
                                    holders.incrementAndGet() shouldBe 1
                                    order += i to lease.fencingToken
                                    delay(100)
                                    holders.decrementAndGet()
                                }
                            }
                        }
                    delay(500)
                    order shouldBe emptyList()
                    first.release()
                    withTimeout(15_000) { waiters.awaitAll() }
                }
                order.map { it.first } shouldBe listOf(1, 2, 3)
                (listOf(first.fencingToken) + order.map { it.second }).shouldBeSortedWith(
                    compareBy { it }
                )
                clients[0].listKeys("$path/", "$path/~") shouldBe emptyList()
            }
        }

        test("concurrent holders from many clients never overlap") {
            withClients(server, 3) { clients ->
                val inside = AtomicInteger()
                val overlaps = AtomicInteger()
                val entries = AtomicInteger()
                coroutineScope {
                    clients.forEach { client ->
                        repeat(3) {
                            launch {
                                repeat(4) {
                                    OxiaLock(client, "/locks/busy").withLock {
                                        if (inside.incrementAndGet() != 1)
                                            overlaps.incrementAndGet()
                                        entries.incrementAndGet()
                                        delay(5)
                                        inside.decrementAndGet()
                                    }
                                }
                            }
                        }
                    }
                }
                overlaps.get() shouldBe 0
                entries.get() shouldBe 36
            }
        }

        test("tryAcquire gives up after its timeout and leaves the queue") {
            withClients(server, 2) { (holder, other) ->
                val path = "/locks/try"
                val lease = OxiaLock(holder, path).acquire()
                val started = System.nanoTime()
                OxiaLock(other, path).tryAcquire(700.milliseconds).shouldBeNull()
                ((System.nanoTime() - started) / 1_000_000) shouldBeInRange 700L..5_000L
                holder.listKeys("$path/", "$path/~") shouldBe listOf(lease.key)
                lease.release()
                OxiaLock(other, path).tryAcquire(5.seconds).shouldNotBeNull().release()
            }
        }

        test("a holder whose client closes frees the lock for the next waiter") {
            withClients(server, 1) { (waiter) ->
                val path = "/locks/crash"
                val holder = connect(server) { sessionTimeout = 30.seconds }
                OxiaLock(holder, path).acquire()
                coroutineScope {
                    val next = async { OxiaLock(waiter, path).acquire() }
                    delay(300)
                    next.isActive shouldBe true
                    holder.shutdown()
                    // Well before the 30 s session timeout: the closed session took the record.
                    withTimeout(5_000) { next.await() }.release()
                }
            }
        }
    })

private infix fun Long.shouldBeInRange(range: LongRange) {
    if (this !in range) throw AssertionError("$this is not in $range")
}
