package io.oxia.coroutines.it.telemetry

import io.kotest.assertions.throwables.shouldThrow
import io.kotest.assertions.withClue
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldBeEmpty
import io.kotest.matchers.collections.shouldContainAll
import io.kotest.matchers.longs.shouldBeGreaterThanOrEqual
import io.kotest.matchers.shouldBe
import io.opentelemetry.api.trace.Span
import io.opentelemetry.api.trace.SpanKind
import io.opentelemetry.api.trace.StatusCode
import io.opentelemetry.context.Context
import io.oxia.coroutines.Notification
import io.oxia.coroutines.UnexpectedVersionException
import io.oxia.coroutines.delete
import io.oxia.coroutines.get
import io.oxia.coroutines.it.standalone
import io.oxia.coroutines.it.withClient
import io.oxia.coroutines.list
import io.oxia.coroutines.notifications
import io.oxia.coroutines.put
import io.oxia.coroutines.rangeScan
import kotlin.time.Duration.Companion.seconds
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.delay
import kotlinx.coroutines.flow.first
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.launch
import kotlinx.coroutines.withContext
import kotlinx.coroutines.withTimeout

/**
 * The client's metrics and spans after a known workload against a real server, read back through
 * the OpenTelemetry SDK's in-memory reader and exporter.
 */
class TelemetrySpec :
    FunSpec({
        val server = standalone(shards = 3)

        test("every instrument counts a known workload, and spans follow the caller's span") {
            val telemetry = Telemetry()
            val notified = ArrayList<Notification>()
            withClient(server.value, { openTelemetry = telemetry.sdk }) { client ->
                // No '/' in the keys: one range holds them in every key order.
                val prefix = "telemetry${System.nanoTime()}-"
                val keys = (0 until 30).map { "${prefix}k$it" }
                val ephemeral = "${prefix}ephemeral"
                val established = CompletableDeferred<Unit>()
                val notifications = launch {
                    val expected = (keys + ephemeral).toMutableSet()
                    client
                        .notifications(
                            keyPrefix = prefix,
                            onEstablished = { established.complete(Unit) },
                        )
                        .first {
                            notified += it
                            expected -= it.key
                            expected.isEmpty()
                        }
                }
                established.await()

                keys.forEach { client.put(it, "0123456789") }
                client.put(ephemeral, "0123456789", ephemeral = true)
                shouldThrow<UnexpectedVersionException> {
                    client.put(keys[0], "0123456789", expectedVersionId = 999)
                }
                keys.take(20).forEach { client.get(it)!!.value!!.size shouldBe 10 }
                (0 until 5).forEach { client.get("${prefix}missing$it") shouldBe null }
                client.list(prefix, "$prefix~").toList().size shouldBe 31
                client.rangeScan(prefix, "$prefix~").toList().size shouldBe 31
                client.list(prefix, "$prefix~").first()
                keys.takeLast(5).forEach { client.delete(it) shouldBe true }
                client.deleteRange("${prefix}k0", "${prefix}k1")

                // A caller's span, carried by its coroutine across threads and a suspension.
                val parent = telemetry.sdk.getTracer("spec").spanBuilder("caller").startSpan()
                withContext(Dispatchers.IO + OtelContext(Context.current().with(parent))) {
                    delay(10)
                    client.put("${prefix}traced", "x")
                    Span.current().spanContext shouldBe parent.spanContext
                }
                parent.end()
                withTimeout(10.seconds) { notifications.join() }

                val m = telemetry.collect()
                withClue(m.toString()) {
                    m.names shouldContainAll
                        listOf(
                            "oxia.client.ops",
                            "oxia.client.ops.size",
                            "oxia.client.ops.pending",
                            "oxia.client.ops.outstanding",
                            "oxia.client.ops.req",
                            "oxia.client.batch.ops",
                            "oxia.client.batches.inflight",
                            "oxia.client.sessions.opened",
                            "oxia.client.notifications.received",
                            "oxia.client.shard.assignments.count",
                        )
                    val ops = "oxia.client.ops"
                    val ok = "oxia.response.status" to "success"
                    m.count(ops, "oxia.op" to "put", ok) shouldBe 32
                    m.count(ops, "oxia.op" to "put", "oxia.response.status" to "failed") shouldBe 1
                    m.count(ops, "oxia.op" to "get", ok) shouldBe 25
                    m.count(ops, "oxia.op" to "list", ok) shouldBe 2
                    m.count(ops, "oxia.op" to "range-scan", ok) shouldBe 1
                    m.count(ops, "oxia.op" to "delete", ok) shouldBe 5
                    m.count(ops, "oxia.op" to "delete-range", ok) shouldBe 1
                    for (attributes in m.attributes(ops)) {
                        attributes.asMap().keys.map { it.key } shouldContainAll
                            listOf("oxia.namespace", "oxia.op", "oxia.response.status")
                    }

                    val size = "oxia.client.ops.size"
                    m.sum(size, "oxia.op" to "put") shouldBe 31 * 10 + 1
                    m.sum(size, "oxia.op" to "get") shouldBe 20 * 10
                    m.sum(size, "oxia.op" to "range-scan") shouldBe 31 * 10
                    // The first list's keys, and the first key of the list stopped after it.
                    m.sum(size, "oxia.op" to "list") shouldBe
                        (keys + ephemeral).sumOf { it.length.toLong() } +
                            (keys + ephemeral).min().length
                    m.sum("oxia.client.ops.pending") shouldBe 0
                    m.sum("oxia.client.ops.outstanding") shouldBe 0

                    // Every write and read went in a batch: 31 puts, the refused one and the
                    // traced one; 5 deletes; a delete-range on each of 3 shards; 25 gets.
                    val write = "oxia.batch.type" to "write"
                    val read = "oxia.batch.type" to "read"
                    m.total("oxia.client.batch.ops", write) shouldBe (33 + 5 + 3).toDouble()
                    m.total("oxia.client.batch.ops", read) shouldBe 25.0
                    m.count("oxia.client.ops.req", write, ok) shouldBe
                        m.count("oxia.client.batch.ops", write)
                    m.count("oxia.client.ops.req", read, ok) shouldBe
                        m.count("oxia.client.batch.ops", read)
                    m.sum("oxia.client.batches.inflight") shouldBe 0

                    val ephemeralShard = notified.first { it.key == ephemeral }.shard
                    m.sum("oxia.client.sessions.opened") shouldBe 1
                    m.sum("oxia.client.sessions.opened", "oxia.shard" to ephemeralShard) shouldBe 1
                    m.sum("oxia.client.sessions.expired") shouldBe 0
                    m.sum("oxia.client.notifications.received") shouldBe notified.size.toLong()
                    m.sum("oxia.client.shard.assignments.count") shouldBeGreaterThanOrEqual 1
                    m.sum("oxia.client.ops.retries") shouldBe 0
                    m.sum("oxia.client.reconnects") shouldBe 0
                }

                val spans = telemetry.spans.finishedSpanItems
                withClue(spans.joinToString("\n")) {
                    spans.count { it.name == "oxia put" } shouldBe 33
                    spans.count { it.name == "oxia get" } shouldBe 25
                    spans.count { it.name == "oxia list" } shouldBe 2
                    spans.count { it.name == "oxia range-scan" } shouldBe 1
                    val traced = spans.single {
                        it.name == "oxia put" && it.parentSpanId == parent.spanContext.spanId
                    }
                    traced.traceId shouldBe parent.spanContext.traceId
                    traced.kind shouldBe SpanKind.CLIENT
                    // A put's shard, as the server's notification of it names it.
                    spans.first { it.name == "oxia put" }.attributes.get(SHARD_KEY) shouldBe
                        notified.first { it.key == keys[0] }.shard
                    spans.count {
                        it.name == "oxia put" && it.status.statusCode == StatusCode.ERROR
                    } shouldBe 1
                    // No key or value in any attribute.
                    spans
                        .flatMap { it.attributes.asMap().values }
                        .filter { "$it".contains(prefix) || "$it".contains("0123456789") }
                        .shouldBeEmpty()
                }
            }
            // The session closed with the client.
            telemetry.collect().sum("oxia.client.sessions.closed") shouldBe 1
        }
    })
