package io.oxia.coroutines.samples

import io.oxia.coroutines.KeyComparison
import io.oxia.coroutines.OxiaClient
import io.oxia.coroutines.SecondaryIndex
import io.oxia.coroutines.Version
import io.oxia.coroutines.get
import io.oxia.coroutines.list
import io.oxia.coroutines.notifications
import io.oxia.coroutines.put
import io.oxia.coroutines.rangeScan
import kotlin.time.Duration.Companion.seconds
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.async
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.flow.first
import kotlinx.coroutines.flow.take
import kotlinx.coroutines.flow.toList
import kotlinx.coroutines.runBlocking

/** The README's Kotlin tour. Run it with the address of an Oxia server (default 127.0.0.1:6648). */
fun main(args: Array<String>) = runBlocking { kotlinTour(args.firstOrNull() ?: "127.0.0.1:6648") }

suspend fun kotlinTour(address: String) {
    val client = OxiaClient.connect(address) { requestTimeout = 10.seconds }
    try {
        client.deleteRange("/tour/", "/tour/~") // a clean slate for this tour's keys

        // Versioned records and conditional writes; a missing key reads as null
        val created = client.put("/tour/greeting", "hi", expectedVersionId = Version.KEY_NOT_EXISTS)
        client.put("/tour/greeting", "hello", expectedVersionId = created.version.versionId)
        println(client.get("/tour/greeting")?.valueAsString) // hello
        println(client.get("/tour/missing")) // null

        // Secondary indexes and floor/ceiling lookups, across shards
        val email = SecondaryIndex("email", "lin@example.com")
        client.put("/tour/users/7", "Lin", secondaryIndexes = listOf(email))
        println(client.get("lin@example.com", secondaryIndexName = "email")?.key) // /tour/users/7
        for (hour in listOf("08", "12", "18")) client.put("/tour/temp/$hour", "$hour:00 sunny")
        println(client.get("/tour/temp/15", comparison = KeyComparison.FLOOR)?.key) // /tour/temp/12

        // Sequence keys in one partition (a work queue), and a flow of the newest one
        val job = client.put("/tour/job", "task", partitionKey = "q", sequenceKeyDeltas = listOf(1))
        println(client.sequenceUpdates("/tour/job", "q").first() == job.key) // true

        // Streams merged across shards in key order, with bounded memory
        val hours = client.list("/tour/temp/", "/tour/temp/~").toList()
        println(hours) // [/tour/temp/08, /tour/temp/12, /tour/temp/18]
        client.rangeScan("/tour/temp/", "/tour/temp/~").collect { println(it.valueAsString) }

        // Notifications never end by themselves: take what you need, or cancel the collection
        coroutineScope {
            val listening = CompletableDeferred<Unit>()
            val changes = async {
                client
                    .notifications("/tour/config/", onEstablished = { listening.complete(Unit) })
                    .take(1)
                    .toList()
            }
            listening.await()
            client.put("/tour/config/mode", "fast")
            println(changes.await().single().type) // KEY_CREATED
        }

        // An ephemeral record lives as long as the client's session
        client.put("/tour/instances/worker-1", "alive", ephemeral = true)
    } finally {
        client.shutdown() // in a coroutine: shutdown(), not close() or use {}, which block a thread
    }
}
