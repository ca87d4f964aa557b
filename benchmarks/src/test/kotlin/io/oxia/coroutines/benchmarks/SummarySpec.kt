package io.oxia.coroutines.benchmarks

import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.doubles.plusOrMinus
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain

class SummarySpec :
    FunSpec({
        val case = BenchCase(Workload.W1, 1024)

        fun summaryOf(ours: Map<Int, CaseResult>, theirs: Map<Int, CaseResult>) =
            Summary(
                BenchmarkSettings.parse(arrayOf("--no-perf", "--rounds", "3")),
                "127.0.0.1:1",
                mapOf(case to mapOf(ClientKind.OURS to ours, ClientKind.OFFICIAL to theirs)),
                perf = null,
            )

        fun rates(vararg byRound: Pair<Int, Double>) =
            byRound.toMap().mapValues { resultWith(opsPerSecond = it.value) }

        // Sorted separately, the rounds would pair 100/400, 200/100 and 300/100.
        val crossed =
            summaryOf(
                rates(0 to 300.0, 1 to 100.0, 2 to 200.0),
                rates(0 to 100.0, 1 to 100.0, 2 to 400.0),
            )

        test("the ratio is taken between the medians of the rounds") {
            crossed.median(case, ClientKind.OURS)["opsPerSecond"] shouldBe 200.0
            crossed.ratio(case, "opsPerSecond") shouldBe 2.0
        }

        test(
            "the range pairs each round of ours with the official client's run of the same round"
        ) {
            val range = crossed.ratioRange(case, "opsPerSecond")!!
            range.start shouldBe (0.5 plusOrMinus 1e-9)
            range.endInclusive shouldBe (3.0 plusOrMinus 1e-9)
        }

        test("rounds that only one client completed give the ratio of the medians alone") {
            val summary =
                summaryOf(rates(0 to 100.0, 1 to 900.0, 2 to 800.0), rates(0 to 100.0, 2 to 1000.0))
            summary.ratioRange(case, "opsPerSecond") shouldBe null
            MarkdownReport.render(summary) shouldContain "| ops/s | 800 | 550 | 1.45 |"
        }

        test("a round whose official figure is zero gives no range") {
            val summary = summaryOf(rates(0 to 100.0, 1 to 120.0), rates(0 to 100.0, 1 to 0.0))
            summary.ratioRange(case, "opsPerSecond") shouldBe null
        }

        test("a single round gives no range, and the table shows the ratio alone") {
            val summary = summaryOf(rates(0 to 150.0), rates(0 to 100.0))
            summary.ratioRange(case, "opsPerSecond") shouldBe null
            MarkdownReport.render(summary) shouldContain
                "| W1-n1024 async puts | ops/s | 150 | 100 | 1.50 |"
        }

        test("a figure missing from the first round still gets its median") {
            val jit = resultWith(opsPerSecond = 100.0).copy(extra = mapOf("jitMillis" to 40.0))
            val summary =
                summaryOf(
                    mapOf(0 to resultWith(opsPerSecond = 100.0), 1 to jit),
                    rates(0 to 100.0, 1 to 100.0),
                )
            summary.median(case, ClientKind.OURS)["jitMillis"] shouldBe 40.0
        }

        test("the machine's steal time is shown but not compared") {
            val steal = resultWith(opsPerSecond = 100.0).copy(extra = mapOf("stealPercent" to 2.0))
            val summary = summaryOf(mapOf(0 to steal, 1 to steal), mapOf(0 to steal, 1 to steal))
            summary.ratio(case, "stealPercent") shouldBe null
            summary.ratioRange(case, "stealPercent") shouldBe null
            MarkdownReport.render(summary) shouldContain "| machine steal % | 2.00 | 2.00 | – |"
        }

        test("the table and the JSON file carry the range and the round numbers") {
            val summary = summaryOf(rates(0 to 130.0, 1 to 150.0), rates(0 to 100.0, 1 to 100.0))
            MarkdownReport.render(summary) shouldContain "| 1.40 (1.30–1.50) |"
            val json = JsonReport.render(summary)
            json shouldContain "\"opsPerSecond\": [1.3, 1.5]"
            json shouldContain "{\"round\": 1, \"opsPerSecond\": 150"
        }
    })

private fun resultWith(opsPerSecond: Double) =
    CaseResult(
        operations = (opsPerSecond * 10).toLong(),
        seconds = 10.0,
        p50Micros = 1.0,
        p99Micros = 2.0,
        p999Micros = 3.0,
        cpuNanosPerOp = 1000.0,
        allocatedBytesPerOp = 100.0,
        gcCount = 0,
        errors = 0,
    )
