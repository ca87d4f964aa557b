package io.oxia.coroutines.testing.internal

import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.maps.shouldBeEmpty
import io.kotest.matchers.shouldBe

/** The coordinator's node-running gauge as v0.14, v0.15 and v0.17.1 coordinators publish it. */
class CoordinatorMetricsSpec :
    FunSpec({
        val scope = """otel_scope_name="oxia",otel_scope_version="""""

        test("v0.14: label node, the internal address") {
            CoordinatorMetrics.parse(
                "oxia_coordinator_node_running{node=\"127.0.0.1:1\",$scope} 1\n"
            ) shouldBe mapOf("127.0.0.1:1" to true)
        }

        test("v0.15: label data_server, the internal address") {
            CoordinatorMetrics.parse(
                "# TYPE oxia_coordinator_node_running gauge\n" +
                    "oxia_coordinator_node_running{data_server=\"127.0.0.1:1\",$scope} 0\n"
            ) shouldBe mapOf("127.0.0.1:1" to false)
        }

        test("v0.17: a _count suffix, label data_server, the name the server was created with") {
            CoordinatorMetrics.parse(
                "oxia_coordinator_node_running_count{data_server=\"server-1\",$scope} 1\n" +
                    "oxia_coordinator_node_running_count{data_server=\"server-2\",$scope} 0\n"
            ) shouldBe mapOf("server-1" to true, "server-2" to false)
        }

        test("other metrics are not taken for the gauge") {
            CoordinatorMetrics.parse(
                    "oxia_coordinator_node_health_checks_failed_total{data_server=\"s\"} 1\n"
                )
                .shouldBeEmpty()
        }
    })
