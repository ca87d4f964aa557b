package io.oxia.coroutines.benchmarks

import java.io.File
import kotlin.system.exitProcess
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withContext

/**
 * The forked JVM that measures one client on one workload: `WorkerMain client=ours workload=W1
 * inFlight=64 address=127.0.0.1:6648 result=/path warmupMillis=… …`. It connects, runs the
 * workload, writes a [CaseResult] to `result` and exits; the process holds nothing but this one
 * client, so its CPU time and allocation are the client's (plus the shared harness).
 */
object WorkerMain {
    /** Entry point; see the class documentation for the arguments. */
    @JvmStatic
    fun main(args: Array<String>) {
        // The official client logs through SLF4J; its per-operation debug logging stays off.
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn")
        val named = args.associate { it.substringBefore('=') to it.substringAfter('=') }
        val kind = ClientKind.of(named.getValue("client"))
        val case =
            BenchCase(
                Workload.valueOf(named.getValue("workload")),
                named.getValue("inFlight").toInt(),
                named["rate"]?.toInt() ?: 0,
            )
        val parameters = WorkloadParameters.parse(named)
        val result = runBlocking {
            withContext(Dispatchers.Default) {
                kind.connect(named.getValue("address")).use { client ->
                    run(case, parameters, client)
                }
            }
        }
        result.writeTo(File(named.getValue("result")))
        // The official client keeps non-daemon executor threads; the result is written.
        exitProcess(0)
    }

    private suspend fun run(
        case: BenchCase,
        parameters: WorkloadParameters,
        client: BenchClient,
    ): CaseResult {
        val keys = Array(parameters.keyCount) { WorkloadParameters.kvKey(it) }
        val value = ByteArray(parameters.valueSize) { (it % 251).toByte() }
        return when (case.workload) {
            Workload.W1 ->
                ClosedLoopDriver(parameters, case.inFlight).run { client.put(keys[it], value) }
            Workload.W2 ->
                ClosedLoopDriver(parameters, case.inFlight).run {
                    checkNotNull(client.get(keys[it])) { "key ${keys[it]} is missing" }
                }
            Workload.W3 ->
                FixedRateDriver(parameters).run { index, read ->
                    if (read) client.get(keys[index]) else client.put(keys[index], value)
                }
            Workload.W4 ->
                RangeScanDriver(parameters).run {
                    client.scan(WorkloadParameters.SCAN_START, WorkloadParameters.SCAN_END)
                }
            Workload.W5 -> NotificationDriver(parameters).run(client)
        }
    }
}
