package io.oxia.coroutines.it

import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.longs.shouldBeGreaterThan
import io.kotest.matchers.longs.shouldBeGreaterThanOrEqual
import io.kotest.matchers.nulls.shouldBeNull
import io.kotest.matchers.nulls.shouldNotBeNull
import io.kotest.matchers.shouldBe
import io.oxia.coroutines.DeleteOptions
import io.oxia.coroutines.GetOptions
import io.oxia.coroutines.KeyAlreadyExistsException
import io.oxia.coroutines.PutOptions
import io.oxia.coroutines.UnexpectedVersionException
import io.oxia.coroutines.Version
import io.oxia.coroutines.delete
import io.oxia.coroutines.get
import io.oxia.coroutines.list
import io.oxia.coroutines.put
import io.oxia.coroutines.rangeScan
import kotlinx.coroutines.flow.toList

class CrudSpec :
    FunSpec({
        val server by standalone(shards = 3)

        test("a put returns the full version and a get reads the record back") {
            withClient(server) { client ->
                val before = System.currentTimeMillis()
                val put = client.put("/crud/a", "value-a")
                put.key shouldBe "/crud/a"
                put.version.modificationsCount shouldBe 0
                put.version.createdTimestamp shouldBeGreaterThanOrEqual before - 1000
                put.version.modifiedTimestamp shouldBe put.version.createdTimestamp
                put.version.sessionId.shouldBeNull()
                val got = client.get("/crud/a").shouldNotBeNull()
                got.valueAsString shouldBe "value-a"
                got.version shouldBe put.version
            }
        }

        test("an overwrite increments the modifications count and takes a new version id") {
            withClient(server) { client ->
                val first = client.put("/crud/overwrite", "1")
                val second = client.put("/crud/overwrite", "2")
                second.version.modificationsCount shouldBe 1
                second.version.versionId shouldBeGreaterThan first.version.versionId
                second.version.createdTimestamp shouldBe first.version.createdTimestamp
            }
        }

        test("version ids are a per-shard counter: puts routed to one shard take consecutive ids") {
            withClient(server) { client ->
                val ids =
                    (1..5).map {
                        client
                            .put("/crud/seq-$it", "v", partitionKey = "one-shard")
                            .version
                            .versionId
                    }
                ids.zipWithNext().forEach { (a, b) -> b shouldBe a + 1 }
            }
        }

        test("expected version KEY_NOT_EXISTS creates only when absent") {
            withClient(server) { client ->
                client.put("/crud/create-once", "x", expectedVersionId = Version.KEY_NOT_EXISTS)
                val e =
                    shouldThrow<KeyAlreadyExistsException> {
                        client.put(
                            "/crud/create-once",
                            "y",
                            expectedVersionId = Version.KEY_NOT_EXISTS,
                        )
                    }
                e.key shouldBe "/crud/create-once"
                client.get("/crud/create-once")?.valueAsString shouldBe "x"
            }
        }

        test("a put with a stale expected version fails and changes nothing") {
            withClient(server) { client ->
                val v1 = client.put("/crud/cas", "1")
                val v2 = client.put("/crud/cas", "2", expectedVersionId = v1.version.versionId)
                shouldThrow<UnexpectedVersionException> {
                        client.put("/crud/cas", "3", expectedVersionId = v1.version.versionId)
                    }
                    .expectedVersionId shouldBe v1.version.versionId
                client.get("/crud/cas")?.version shouldBe v2.version
            }
        }

        test(
            "a get of a missing key is null; reading without the value gives key and version only"
        ) {
            withClient(server) { client ->
                client.get("/crud/missing").shouldBeNull()
                val put = client.put("/crud/no-value", "payload")
                val got =
                    client.get("/crud/no-value", GetOptions(includeValue = false)).shouldNotBeNull()
                got.value.shouldBeNull()
                got.version shouldBe put.version
            }
        }

        test("delete tells whether the key existed, and honours the expected version") {
            withClient(server) { client ->
                val put = client.put("/crud/del", "x")
                shouldThrow<UnexpectedVersionException> {
                    client.delete(
                        "/crud/del",
                        DeleteOptions(expectedVersionId = put.version.versionId + 1000),
                    )
                }
                client.delete("/crud/del", expectedVersionId = put.version.versionId) shouldBe true
                client.delete("/crud/del") shouldBe false
                client.get("/crud/del").shouldBeNull()
            }
        }

        test(
            "a conditional delete of a missing key fails as the server answers: unexpected version"
        ) {
            withClient(server) { client ->
                client.delete("/crud/never") shouldBe false
                shouldThrow<UnexpectedVersionException> {
                        client.delete("/crud/never", expectedVersionId = 0)
                    }
                    .expectedVersionId shouldBe 0
            }
        }

        test("an empty value reads back empty through get and rangeScan, null only without value") {
            withClient(server) { client ->
                client.put("/crud/empty", ByteArray(0), PutOptions.DEFAULT)
                client.get("/crud/empty").shouldNotBeNull().value?.size shouldBe 0
                client
                    .get("/crud/empty", includeValue = false)
                    .shouldNotBeNull()
                    .value
                    .shouldBeNull()
                val scanned = client.rangeScan("/crud/empty", "/crud/empty0").toList()
                scanned.map { it.value?.size } shouldBe listOf(0)
                scanned.single().valueAsString shouldBe ""
            }
        }

        test("empty and blank keys are records like any other: written, read, listed, deleted") {
            withClient(server) { client ->
                val keys = listOf("", "\t", " ", "  ")
                keys.forEach { client.put(it, "v") }
                keys.forEach { client.get(it).shouldNotBeNull().key shouldBe it }
                client.list("", "!").toList() shouldBe keys
                keys.forEach { client.delete(it) shouldBe true }
                keys.forEach { client.get(it).shouldBeNull() }
            }
        }

        test("binary values round-trip byte for byte") {
            withClient(server) { client ->
                val bytes = ByteArray(256) { it.toByte() }
                client.put("/crud/binary", bytes, PutOptions.DEFAULT)
                client.get("/crud/binary")?.value?.toList() shouldBe bytes.toList()
            }
        }

        test("deleteRange removes a range on every shard, or only in one partition") {
            withClient(server) { client ->
                (1..9).forEach { client.put("/dr/k$it", "v") }
                client.deleteRange("/dr/k3", "/dr/k7")
                (1..9).map { client.get("/dr/k$it") != null } shouldBe
                    listOf(true, true, false, false, false, false, true, true, true)
                (1..3).forEach { client.put("/drp/k$it", "v", partitionKey = "p") }
                client.deleteRange("/drp/k1", "/drp/k3", partitionKey = "p")
                (1..3).map { client.get("/drp/k$it", partitionKey = "p") != null } shouldBe
                    listOf(false, false, true)
            }
        }
    })
