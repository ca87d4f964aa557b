package io.oxia.coroutines.benchmarks

import io.oxia.client.api.AsyncOxiaClient
import io.oxia.client.api.GetResult
import io.oxia.client.api.OxiaClientBuilder
import io.oxia.client.api.RangeScanConsumer
import java.time.Duration
import java.util.concurrent.atomic.AtomicLong
import kotlin.coroutines.resume
import kotlin.coroutines.resumeWithException
import kotlinx.coroutines.future.await
import kotlinx.coroutines.suspendCancellableCoroutine

/**
 * [BenchClient] over the official Java client (`io.oxia.client.api`), with its default settings.
 * Its futures are awaited with kotlinx-coroutines' `await`, the same suspension our client's
 * callers pay.
 */
class OfficialBenchClient private constructor(private val client: AsyncOxiaClient) : BenchClient {
    override suspend fun put(key: String, value: ByteArray) {
        client.put(key, value).await()
    }

    override suspend fun get(key: String): ByteArray? = client.get(key).await()?.value()

    override suspend fun scan(start: String, end: String): Long =
        suspendCancellableCoroutine { continuation ->
            val count = AtomicLong()
            client.rangeScan(
                start,
                end,
                object : RangeScanConsumer {
                    override fun onNext(result: GetResult): Boolean {
                        count.incrementAndGet()
                        return true
                    }

                    override fun onError(throwable: Throwable) {
                        continuation.resumeWithException(throwable)
                    }

                    override fun onCompleted() {
                        continuation.resume(count.get())
                    }
                },
            )
        }

    override fun subscribe(onKey: (String) -> Unit) {
        client.notifications { onKey(it.key()) }
    }

    override fun close() {
        client.close()
    }

    companion object {
        /** Connects to [address]. */
        suspend fun connect(address: String): BenchClient =
            OfficialBenchClient(
                OxiaClientBuilder.create(address)
                    .requestTimeout(Duration.ofSeconds(30))
                    .asyncClient()
                    .await()
            )
    }
}
