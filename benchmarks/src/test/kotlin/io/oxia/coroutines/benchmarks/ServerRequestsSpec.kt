package io.oxia.coroutines.benchmarks

import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe

class ServerRequestsSpec :
    FunSpec({
        test("data requests are summed over both service names; other methods and metrics not") {
            val metrics =
                """
                # HELP grpc_server_msg_received_total Total number of RPC stream messages received on the server.
                # TYPE grpc_server_msg_received_total counter
                grpc_server_msg_received_total{grpc_method="Read",grpc_service="io.oxia.proto.v1.OxiaClient",grpc_type="server_stream"} 1200
                grpc_server_msg_received_total{grpc_method="Read",grpc_service="io.streamnative.oxia.proto.OxiaClient",grpc_type="server_stream"} 30
                grpc_server_msg_received_total{grpc_method="WriteStream",grpc_service="io.oxia.proto.v1.OxiaClient",grpc_type="bidi_stream"} 1.5e+06
                grpc_server_msg_received_total{grpc_method="Write",grpc_service="io.streamnative.oxia.proto.OxiaClient",grpc_type="unary"} 4
                grpc_server_msg_received_total{grpc_method="KeepAlive",grpc_service="io.oxia.proto.v1.OxiaClient",grpc_type="unary"} 77
                grpc_server_msg_received_total{grpc_method="GetShardAssignments",grpc_service="io.oxia.proto.v1.OxiaClient",grpc_type="server_stream"} 5
                grpc_server_msg_sent_total{grpc_method="Read",grpc_service="io.oxia.proto.v1.OxiaClient",grpc_type="server_stream"} 999
                grpc_server_handled_total{grpc_code="OK",grpc_method="Read",grpc_service="io.oxia.proto.v1.OxiaClient",grpc_type="server_stream"} 999
                """
                    .trimIndent()

            ServerRequests.count(metrics) shouldBe 1_200L + 30 + 1_500_000 + 4
        }

        test("a sample's timestamp is not taken for its value") {
            val line =
                "grpc_server_msg_received_total{grpc_method=\"Read\",grpc_service=\"s\"} 42 1764672000000"
            ServerRequests.count(line) shouldBe 42L
        }

        test("a server with no data requests yet counts zero") {
            ServerRequests.count("# TYPE go_threads gauge\ngo_threads 9\n") shouldBe 0L
        }
    })
