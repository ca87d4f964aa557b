package io.oxia.coroutines.internal.batching

import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldNotStartWith
import io.oxia.coroutines.proto.GetRequest
import io.oxia.coroutines.proto.GetResponse
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.async
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.withContext
import kotlinx.coroutines.withTimeout

/**
 * A settled operation resumes its caller on the caller's own dispatcher, never in the thread that
 * settles it: that thread is gRPC's or the client's, and the caller's code could block it.
 */
class PendingOperationSpec :
    FunSpec({
        /** The thread an unconfined caller of a get goes on in, once [settle] ran in another. */
        suspend fun threadAfter(settle: (PendingGet) -> Unit): String = coroutineScope {
            val get = PendingGet(GetRequest.getDefaultInstance())
            val waiting = CompletableDeferred<Unit>()
            val caller =
                async(Dispatchers.Unconfined) {
                    waiting.complete(Unit)
                    runCatching { get.await() }
                    Thread.currentThread().name
                }
            waiting.await()
            val settler = Thread({ settle(get) }, "settling-thread")
            settler.start()
            withTimeout(5_000) { caller.await() }
        }

        test("an unconfined caller of an answered operation goes on in Dispatchers.Default") {
            val thread = threadAfter { it.complete(GetResponse.getDefaultInstance()) }
            thread shouldNotStartWith "settling-thread"
            thread.startsWith("DefaultDispatcher-worker") shouldBe true
        }

        test("an unconfined caller of a failed operation goes on in Dispatchers.Default") {
            val thread = threadAfter { it.fail(OperationTimedOut) }
            thread shouldNotStartWith "settling-thread"
        }

        test("a caller on a dispatcher of its own goes on there") {
            val thread =
                withContext(Dispatchers.IO) {
                    coroutineScope {
                        val get = PendingGet(GetRequest.getDefaultInstance())
                        val caller = async {
                            get.await()
                            Thread.currentThread().name
                        }
                        Thread(
                                { get.complete(GetResponse.getDefaultInstance()) },
                                "settling-thread",
                            )
                            .start()
                        withTimeout(5_000) { caller.await() }
                    }
                }
            thread.startsWith("DefaultDispatcher-worker") shouldBe true
        }
    })
