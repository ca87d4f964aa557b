package io.oxia.coroutines.internal.batching

import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe

/**
 * Which writes of a refused stream fail and which go again. Writes are named by strings here; those
 * starting with `S` are sequential puts.
 */
class RefusedBatchSpec :
    FunSpec({
        data class Case(
            val name: String,
            val unanswered: List<List<String>>,
            val verdict: RefusedBatch<String>,
        )

        listOf(
                Case(
                    "a lone sequential put among ordinary writes is the culprit; the others go again",
                    listOf(listOf("a", "b", "S1", "c")),
                    RefusedBatch.Culprit("S1", listOf("a", "b", "c")),
                ),
                Case(
                    "a sequential put alone in its batch is the culprit, with nothing to resend",
                    listOf(listOf("S1")),
                    RefusedBatch.Culprit("S1", emptyList()),
                ),
                Case(
                    "several sequential puts all go again, each alone, with the others in order",
                    listOf(listOf("a", "S1", "b", "S2")),
                    RefusedBatch.Ambiguous(listOf("a", "S1", "b", "S2"), listOf("S1", "S2")),
                ),
                Case(
                    "a batch without a sequential put cannot have been refused: unexplained",
                    listOf(listOf("a", "b")),
                    RefusedBatch.Unexplained,
                ),
                Case(
                    "several unanswered batches cannot be told apart: unexplained",
                    listOf(listOf("a"), listOf("S1")),
                    RefusedBatch.Unexplained,
                ),
                Case("no unanswered batch: unexplained", emptyList(), RefusedBatch.Unexplained),
            )
            .forEach { case ->
                test(case.name) {
                    RefusedBatch.judge(case.unanswered) { it.startsWith("S") } shouldBe case.verdict
                }
            }

        test("the culprit is told apart by identity, not by equality") {
            val culprit = String(charArrayOf('S'))
            val twin = String(charArrayOf('S'))
            RefusedBatch.judge(listOf(listOf("a", twin, culprit))) { it === culprit } shouldBe
                RefusedBatch.Culprit(culprit, listOf("a", twin))
        }
    })
