package io.oxia.coroutines.recipes.it

import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.oxia.coroutines.delete
import io.oxia.coroutines.get
import io.oxia.coroutines.recipes.Member
import io.oxia.coroutines.recipes.OxiaMembership
import kotlin.time.Duration.Companion.seconds
import kotlin.time.TimeSource
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.delay
import kotlinx.coroutines.flow.MutableStateFlow
import kotlinx.coroutines.flow.first
import kotlinx.coroutines.launch
import kotlinx.coroutines.withTimeout

class MembershipSpec :
    FunSpec({
        val server by standalone()

        fun Set<Member>.described(): Map<String, String> = associate {
            it.id to it.metadataAsString
        }

        test("an observer sees members join, leave and go with their client") {
            val leaver = connect(server)
            val crasher = connect(server)
            withClients(server, 1) { (observer) ->
                val group = "/groups/lifecycle"
                val seen = MutableStateFlow<Map<String, String>?>(null)
                coroutineScope {
                    val watching = launch {
                        OxiaMembership(observer, group).members.collect {
                            seen.value = it.described()
                        }
                    }
                    withTimeout(10_000) { seen.first { it == emptyMap<String, String>() } }
                    val a = OxiaMembership(leaver, group)
                    a.join("a", "10.0.0.1")
                    OxiaMembership(crasher, group).join("b", "10.0.0.2")
                    withTimeout(10_000) {
                        seen.first { it == mapOf("a" to "10.0.0.1", "b" to "10.0.0.2") }
                    }
                    val clock = TimeSource.Monotonic
                    var mark = clock.markNow()
                    a.leave()
                    withTimeout(10_000) { seen.first { it == mapOf("b" to "10.0.0.2") } }
                    println("membership: leave seen after ${mark.elapsedNow()}")
                    mark = clock.markNow()
                    crasher.shutdown()
                    withTimeout(10_000) { seen.first { it == emptyMap<String, String>() } }
                    println("membership: shutdown seen after ${mark.elapsedNow()}")
                    watching.cancel()
                }
                // A fresh observer starts from the snapshot.
                OxiaMembership(observer, group).members.first() shouldBe emptySet()
            }
            leaver.shutdown()
        }

        test("a member whose record someone else deletes is written again") {
            withClients(server, 2) { (member, other) ->
                val group = "/groups/kept"
                val membership = OxiaMembership(member, group)
                membership.join("m", "meta")
                val key = "$group/m"
                val before = other.get(key, partitionKey = group)!!
                val clock = TimeSource.Monotonic
                val mark = clock.markNow()
                other.delete(key, partitionKey = group) shouldBe true
                val again =
                    withTimeout(5_000) {
                        var record = other.get(key, partitionKey = group)
                        while (record == null) {
                            delay(20)
                            record = other.get(key, partitionKey = group)
                        }
                        record
                    }
                println("membership: record written again after ${mark.elapsedNow()}")
                again.valueAsString shouldBe "meta"
                (again.version.versionId > before.version.versionId) shouldBe true
                OxiaMembership(other, group).members.first().map { it.id } shouldBe listOf("m")
                membership.leave()
                delay(500)
                other.get(key, partitionKey = group) shouldBe null
            }
        }

        test("a member partitioned until its session expires is registered again once it heals") {
            val proxied =
                connectThrough(listOf(server.serviceAddress)) {
                    requestTimeout = 20.seconds
                    sessionTimeout = 4.seconds
                }
            val member = proxied.client
            try {
                withClients(server, 1) { (observer) ->
                    val group = "/groups/expired"
                    val seen = MutableStateFlow<Set<String>?>(null)
                    coroutineScope {
                        val watching = launch {
                            OxiaMembership(observer, group).members.collect { members ->
                                seen.value = members.map { it.id }.toSet()
                            }
                        }
                        OxiaMembership(member, group).join("m", "meta")
                        withTimeout(10_000) { seen.first { it == setOf("m") } }
                        val clock = TimeSource.Monotonic
                        proxied.proxies.blackHole()
                        withTimeout(20_000) { seen.first { it == emptySet<String>() } }
                        val gone = clock.markNow()
                        proxied.proxies.restore()
                        withTimeout(10_000) { seen.first { it == setOf("m") } }
                        println("membership: back ${gone.elapsedNow()} after the expiry was seen")
                        // The record now lives in a session that heartbeats: it stays.
                        delay(10_000)
                        seen.value shouldBe setOf("m")
                        watching.cancel()
                    }
                }
            } finally {
                proxied.close()
            }
        }

        test("join rejects a second member on one instance and ids with a slash") {
            withClients(server, 1) { (client) ->
                val membership = OxiaMembership(client, "/groups/checks")
                runCatching { membership.join("a/b", "x") }.exceptionOrNull()!!::class shouldBe
                    IllegalArgumentException::class
                membership.join("a", "x")
                runCatching { membership.join("b", "x") }.exceptionOrNull()!!::class shouldBe
                    IllegalStateException::class
                membership.leave()
                membership.leave()
            }
        }
    })
