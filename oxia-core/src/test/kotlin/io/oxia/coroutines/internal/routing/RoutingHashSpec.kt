package io.oxia.coroutines.internal.routing

import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.longs.shouldBeInRange
import io.kotest.matchers.shouldBe
import io.kotest.matchers.shouldNotBe
import net.openhft.hashing.LongHashFunction

class RoutingHashSpec :
    FunSpec({
        test("matches the server's test vectors") {
            RoutingHash.of("foo") shouldBe 125730186L
            RoutingHash.of("bar") shouldBe 2687685474L
            RoutingHash.of("baz") shouldBe 862947621L
        }

        test("hashes the UTF-8 bytes of a non-ASCII key, not its UTF-16 chars") {
            val key = "clé/中文/\uD83D\uDE00"
            val xxh3 = LongHashFunction.xx3()
            RoutingHash.of(key) shouldBe
                (xxh3.hashBytes(key.toByteArray(Charsets.UTF_8)) and 0xFFFF_FFFFL)
            RoutingHash.of(key) shouldNotBe (xxh3.hashChars(key) and 0xFFFF_FFFFL)
        }

        test(
            "a record is placed by its partition key when it has one, else by its key's UTF-8 form"
        ) {
            val key = "clé/中文/\uD83D\uDE00"
            RoutingHash.ofRecord(key.encodeToByteArray(), null) shouldBe RoutingHash.of(key)
            RoutingHash.ofRecord("foo".encodeToByteArray(), null) shouldBe 125730186L
            RoutingHash.ofRecord("foo".encodeToByteArray(), "bar") shouldBe 2687685474L
        }

        test("an empty routing key has a hash too") {
            RoutingHash.of("") shouldBe
                (LongHashFunction.xx3().hashBytes(ByteArray(0)) and 0xFFFF_FFFFL)
        }

        test("every hash is an unsigned 32-bit value, and the upper half of the space is reached") {
            val hashes = (0 until 2000).map { RoutingHash.of("key-$it") }
            hashes.forEach { it shouldBeInRange 0L..RoutingHash.MAX_HASH }
            hashes.any { it > Int.MAX_VALUE } shouldBe true
        }
    })
