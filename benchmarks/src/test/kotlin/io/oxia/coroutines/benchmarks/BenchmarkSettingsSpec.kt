package io.oxia.coroutines.benchmarks

import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldContainAll
import io.kotest.matchers.shouldBe

class BenchmarkSettingsSpec :
    FunSpec({
        test("a full run measures W1/W2 at N = 1 and W3 at 1,000 and 5,000 operations per second") {
            val settings = BenchmarkSettings.parse(arrayOf("--mode", "full", "--no-perf"))
            settings.cases.map { it.id } shouldContainAll
                listOf("W1-n1", "W1-n1024", "W2-n1", "W2-n1024", "W3-r1000", "W3-r5000", "W4")
        }

        test("--rates chooses W3's rates") {
            val settings = BenchmarkSettings.parse(arrayOf("--workloads", "W3", "--rates", "200"))
            settings.cases shouldBe listOf(BenchCase(Workload.W3, 1, 200))
        }
    })
