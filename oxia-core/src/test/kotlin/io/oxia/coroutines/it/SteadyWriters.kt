package io.oxia.coroutines.it

import io.oxia.coroutines.OxiaClient
import io.oxia.coroutines.OxiaException
import io.oxia.coroutines.put
import java.util.concurrent.atomic.AtomicLong
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Job
import kotlinx.coroutines.delay
import kotlinx.coroutines.launch

/**
 * One coroutine per key of [keys] in [scope], each putting [value] under its key every 20 ms
 * through a fault (failures are the fault's, and ignored), until [stop].
 */
class SteadyWriters(scope: CoroutineScope, client: OxiaClient, keys: List<String>, value: String) {
    private val lastWrite = keys.map { AtomicLong() }
    private val jobs: List<Job> = keys.mapIndexed { i, key ->
        scope.launch {
            while (true) {
                try {
                    client.put(key, value)
                    lastWrite[i].set(System.nanoTime())
                } catch (e: OxiaException) {
                    // the fault
                }
                delay(20)
            }
        }
    }

    /** Waits until every key has been written after [since] ([System.nanoTime]). */
    suspend fun awaitAllWrittenAfter(since: Long) {
        while (lastWrite.any { it.get() - since < 0 }) delay(50)
    }

    /** Stops the writers and waits until they have stopped. */
    suspend fun stop() {
        jobs.forEach { it.cancel() }
        jobs.forEach { it.join() }
    }
}
