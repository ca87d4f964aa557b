package io.oxia.coroutines.benchmarks

import io.oxia.coroutines.OxiaClient
import io.oxia.coroutines.put
import java.util.concurrent.atomic.AtomicInteger
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.launch
import kotlinx.coroutines.runBlocking
import kotlinx.coroutines.withContext

/**
 * Writes the data sets the workloads read before any worker starts: the 10k keys of W1–W3 and the
 * 100k records of W4, all with values of the workload's size.
 */
object DataLoader {
    /** Loads both data sets into the server at [address]. */
    fun load(address: String, parameters: WorkloadParameters) = runBlocking {
        withContext(Dispatchers.Default) {
            OxiaClient.connect(address).use { client ->
                val value = ByteArray(parameters.valueSize) { (it % 251).toByte() }
                suspend fun putAll(count: Int, key: (Int) -> String) = coroutineScope {
                    val next = AtomicInteger()
                    repeat(LOADERS) {
                        launch {
                            while (true) {
                                val index = next.getAndIncrement()
                                if (index >= count) break
                                client.put(key(index), value)
                            }
                        }
                    }
                }
                putAll(parameters.keyCount, WorkloadParameters::kvKey)
                putAll(parameters.scanRecords, WorkloadParameters::scanKey)
            }
        }
    }

    private const val LOADERS = 512
}
