package io.oxia.coroutines.benchmarks

import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.doubles.plusOrMinus
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain

class SummarySpec :
    FunSpec({
        val case = BenchCase(Workload.W1, 1024)

        fun run(ours: Map<Int, Double>, theirs: Map<Int, Double>) =
            Summary(
                BenchmarkSettings.parse(arrayOf("--no-perf", "--rounds", "3")),
                "127.0.0.1:1",
                mapOf(
                    case to
                        mapOf(
                            ClientKind.OURS to ours.mapValues { opsPerSecond(it.value) },
                            ClientKind.OFFICIAL to theirs.mapValues { opsPerSecond(it.value) },
                        )
                ),
                perf = null,
            )

        test("the ratio is taken between the medians of the rounds") {
            val summary =
                run(
                    mapOf(0 to 300.0, 1 to 100.0, 2 to 200.0),
                    mapOf(0 to 100.0, 1 to 100.0, 2 to 400.0),
                )
            summary.median(case, ClientKind.OURS)["opsPerSecond"] shouldBe 200.0
            summary.ratio(case, "opsPerSecond") shouldBe 2.0
        }

        test(
            "the range pairs each round of ours with the official client's run of the same round"
        ) {
            // Sorted separately the rounds would give 100/400 to 300/100; paired, 0.5 to 3.0.
            val summary =
                run(
                    mapOf(0 to 300.0, 1 to 100.0, 2 to 200.0),
                    mapOf(0 to 100.0, 1 to 100.0, 2 to 400.0),
                )
            val range = summary.ratioRange(case, "opsPerSecond")!!
            range.start shouldBe (0.5 plusOrMinus 1e-9)
            range.endInclusive shouldBe (3.0 plusOrMinus 1e-9)
        }

        test("a round that only one client completed is left out of the range") {
            val summary =
                run(mapOf(0 to 100.0, 1 to 900.0, 2 to 120.0), mapOf(0 to 100.0, 2 to 100.0))
            val range = summary.ratioRange(case, "opsPerSecond")!!
            range.start shouldBe (1.0 plusOrMinus 1e-9)
            range.endInclusive shouldBe (1.2 plusOrMinus 1e-9)
        }

        test("a single paired round gives no range, and the table shows the ratio alone") {
            val summary = run(mapOf(0 to 150.0), mapOf(0 to 100.0))
            summary.ratioRange(case, "opsPerSecond") shouldBe null
            MarkdownReport.render(summary) shouldContain
                "| W1-n1024 async puts | ops/s | 150 | 100 | 1.50 |"
        }

        test("the machine's steal time is shown but not compared") {
            val steal = mapOf("stealPercent" to 2.0)
            val summary =
                Summary(
                    BenchmarkSettings.parse(arrayOf("--no-perf")),
                    "127.0.0.1:1",
                    mapOf(
                        case to
                            ClientKind.entries.associateWith {
                                mapOf(
                                    0 to opsPerSecond(100.0).copy(extra = steal),
                                    1 to opsPerSecond(100.0).copy(extra = steal),
                                )
                            }
                    ),
                    perf = null,
                )
            summary.ratio(case, "stealPercent") shouldBe null
            summary.ratioRange(case, "stealPercent") shouldBe null
            MarkdownReport.render(summary) shouldContain "| machine steal % | 2.00 | 2.00 | – |"
        }

        test("the table and the JSON file carry the range") {
            val summary = run(mapOf(0 to 130.0, 1 to 150.0), mapOf(0 to 100.0, 1 to 100.0))
            MarkdownReport.render(summary) shouldContain "| 1.40 (1.30–1.50) |"
            JsonReport.render(summary) shouldContain "\"opsPerSecond\": [1.3, 1.5]"
        }
    })

private fun opsPerSecond(value: Double) =
    CaseResult(
        operations = (value * 10).toLong(),
        seconds = 10.0,
        p50Micros = 1.0,
        p99Micros = 2.0,
        p999Micros = 3.0,
        cpuNanosPerOp = 1000.0,
        allocatedBytesPerOp = 100.0,
        gcCount = 0,
        errors = 0,
    )
