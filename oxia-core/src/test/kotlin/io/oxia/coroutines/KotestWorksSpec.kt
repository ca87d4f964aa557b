package io.oxia.coroutines

import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe

class KotestWorksSpec : FunSpec({ test("kotest runs under surefire") { (1 + 1) shouldBe 2 } })
