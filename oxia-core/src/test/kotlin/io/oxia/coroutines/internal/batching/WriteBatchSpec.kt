package io.oxia.coroutines.internal.batching

import com.google.protobuf.ByteString
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.oxia.coroutines.ServerException
import io.oxia.coroutines.proto.DeleteRangeRequest
import io.oxia.coroutines.proto.DeleteRequest
import io.oxia.coroutines.proto.PutRequest
import io.oxia.coroutines.proto.PutResponse
import io.oxia.coroutines.proto.Status
import io.oxia.coroutines.proto.WriteResponse
import kotlinx.coroutines.runBlocking

private fun put(key: String, bytes: Int = 1) =
    PendingPut(
        PutRequest.newBuilder().setKey(key).setValue(ByteString.copyFrom(ByteArray(bytes))).build()
    )

private fun delete(key: String) = PendingDelete(DeleteRequest.newBuilder().setKey(key).build())

private fun deleteRange(start: String, end: String) =
    PendingDeleteRange(
        DeleteRangeRequest.newBuilder().setStartInclusive(start).setEndExclusive(end).build()
    )

class WriteBatchSpec :
    FunSpec({
        test("a batch stops at the operation limit") {
            val batch = WriteBatch(maxOperations = 2, maxBytes = 1000)
            batch.add(put("a"))
            batch.accepts(put("b")) shouldBe true
            batch.add(put("b"))
            batch.accepts(put("c")) shouldBe false
        }

        test("a batch stops at the byte limit, but a single large write is accepted alone") {
            val first = put("a", bytes = 4)
            // Tag and length before the key and the value: 2 + 1 + 2 + 4 bytes.
            first.sizeBytes shouldBe 9
            val batch = WriteBatch(maxOperations = 100, maxBytes = 20)
            batch.accepts(put("big", bytes = 50)) shouldBe true
            batch.add(first)
            batch.accepts(put("b", bytes = 6)) shouldBe true
            batch.accepts(put("c", bytes = 7)) shouldBe false
        }

        test(
            "a put of a key deleted earlier in the batch starts a new batch, so it is not applied first"
        ) {
            val batch = WriteBatch(maxOperations = 100, maxBytes = 1000)
            batch.add(delete("k"))
            batch.accepts(put("k")) shouldBe false
            batch.accepts(put("other")) shouldBe true
        }

        test("a sequential put does not follow a delete in one batch: its key could be that one") {
            val batch = WriteBatch(maxOperations = 100, maxBytes = 1000)
            batch.add(delete("p-00000000000000000006"))
            val sequential =
                PendingPut(
                    PutRequest.newBuilder()
                        .setKey("p")
                        .setPartitionKey("x")
                        .addSequenceKeyDelta(1)
                        .build()
                )
            batch.accepts(sequential) shouldBe false
            WriteBatch(maxOperations = 100, maxBytes = 1000)
                .apply { add(put("a")) }
                .accepts(sequential) shouldBe true
        }

        test("writes whose callers were answered while the batch waited are not sent") {
            val batch = WriteBatch(maxOperations = 100, maxBytes = 1000)
            val kept = put("kept").also { it.claimForSending() }
            val timedOut = put("timed-out").also { it.claimForSending() }
            val gone = delete("gone").also { it.claimForSending() }
            listOf(kept, timedOut, gone).forEach(batch::add)
            timedOut.fail(RuntimeException("timed out"))
            gone.fail(RuntimeException("timed out"))
            batch.dropSettled()
            batch.size shouldBe 1
            batch.toRequest(0).putsList.map { it.key } shouldBe listOf("kept")
            batch.toRequest(0).deletesCount shouldBe 0
            // The batch takes a put of the key whose delete was left out.
            batch.accepts(put("gone")) shouldBe true
        }

        test("nothing but delete-ranges may follow a delete-range in one batch") {
            val batch = WriteBatch(maxOperations = 100, maxBytes = 1000)
            batch.add(put("a"))
            batch.add(deleteRange("a", "b"))
            batch.accepts(put("z")) shouldBe false
            batch.accepts(delete("z")) shouldBe false
            batch.accepts(deleteRange("c", "d")) shouldBe true
        }

        test(
            "a delete after a put of the same key may share the batch: puts are applied first anyway"
        ) {
            val batch = WriteBatch(maxOperations = 100, maxBytes = 1000)
            batch.add(put("k"))
            batch.accepts(delete("k")) shouldBe true
        }

        test("the request lists puts, deletes and ranges, and responses are matched by position") {
            val batch = WriteBatch(maxOperations = 100, maxBytes = 1000)
            val p1 = put("a")
            val d1 = delete("b")
            val p2 = put("c")
            listOf(p1, d1, p2).forEach(batch::add)
            val request = batch.toRequest(shardId = 7)
            request.shard shouldBe 7
            request.putsList.map { it.key } shouldBe listOf("a", "c")
            request.deletesList.map { it.key } shouldBe listOf("b")
            batch.complete(
                WriteResponse.newBuilder()
                    .addPuts(PutResponse.newBuilder().setKey("a-answer"))
                    .addPuts(PutResponse.newBuilder().setKey("c-answer"))
                    .addDeletes(
                        io.oxia.coroutines.proto.DeleteResponse.newBuilder()
                            .setStatus(Status.KEY_NOT_FOUND)
                    )
                    .build()
            )
            runBlocking {
                p1.await().key shouldBe "a-answer"
                p2.await().key shouldBe "c-answer"
                d1.await().status shouldBe Status.KEY_NOT_FOUND
            }
        }

        test("a response of the wrong shape fails every write of the batch") {
            val batch = WriteBatch(maxOperations = 100, maxBytes = 1000)
            val p1 = put("a")
            batch.add(p1)
            batch.complete(WriteResponse.getDefaultInstance())
            shouldThrow<ServerException> { runBlocking { p1.await() } }
        }

        test("a withdrawn write is not sent, and a sent one cannot be withdrawn") {
            val w = put("a")
            w.withdraw() shouldBe true
            w.claimForSending() shouldBe false
            val s = put("b")
            s.claimForSending() shouldBe true
            s.withdraw() shouldBe false
        }

        test("a sequential put marked to go alone makes a batch of its own") {
            fun sequential() =
                PendingPut(
                    PutRequest.newBuilder()
                        .setKey("s")
                        .setPartitionKey("p")
                        .addSequenceKeyDelta(1)
                        .build()
                )
            val mixed = WriteBatch(maxOperations = 10, maxBytes = 1000)
            mixed.add(put("a"))
            mixed.holdsSequentialPut shouldBe false
            mixed.accepts(sequential()) shouldBe true
            mixed.add(sequential())
            mixed.holdsSequentialPut shouldBe true
            mixed.accepts(put("b")) shouldBe true

            val lone = sequential().apply { sendAlone = true }
            mixed.accepts(lone) shouldBe false
            val alone = WriteBatch(maxOperations = 10, maxBytes = 1000)
            alone.accepts(lone) shouldBe true
            alone.add(lone)
            alone.accepts(put("b")) shouldBe false
            alone.accepts(delete("b")) shouldBe false
            alone.accepts(sequential()) shouldBe false
        }
    })
