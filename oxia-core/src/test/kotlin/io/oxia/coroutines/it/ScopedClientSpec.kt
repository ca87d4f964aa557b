package io.oxia.coroutines.it

import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.longs.shouldBeLessThan
import io.kotest.matchers.shouldBe
import io.oxia.coroutines.ClientClosedException
import io.oxia.coroutines.KeyAlreadyExistsException
import io.oxia.coroutines.NotificationType
import io.oxia.coroutines.OxiaClient
import io.oxia.coroutines.Version
import io.oxia.coroutines.get
import io.oxia.coroutines.notifications
import io.oxia.coroutines.oxiaClient
import io.oxia.coroutines.put
import io.oxia.coroutines.withOxiaClient
import kotlin.time.Duration.Companion.seconds
import kotlinx.coroutines.CompletableDeferred
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.Job
import kotlinx.coroutines.async
import kotlinx.coroutines.awaitCancellation
import kotlinx.coroutines.cancelAndJoin
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.flow.first
import kotlinx.coroutines.launch
import kotlinx.coroutines.withTimeout

/**
 * A client bound to its owner's scope is closed when the owner is cancelled, its sessions with it:
 * a rival waiting for the owner's ephemeral leader record takes over at once, long before the
 * owner's session would have timed out.
 */
class ScopedClientSpec :
    FunSpec({
        val server by standalone(shards = 2)
        val sessionTimeout = 60.seconds

        /**
         * Lets [owner] take the leadership of [key], cancels it and returns how long, in ms, the
         * rival waited after the cancellation until its own claim succeeded.
         */
        suspend fun takeOverAfterCancelling(
            key: String,
            owner: suspend CoroutineScope.(leading: CompletableDeferred<Unit>) -> Job,
        ): Long = coroutineScope {
            withClient(server) { rival ->
                val leading = CompletableDeferred<Unit>()
                val ownerJob = owner(leading)
                withTimeout(20.seconds) { leading.await() }
                shouldThrow<KeyAlreadyExistsException> {
                    rival.put(key, "rival", expectedVersionId = Version.KEY_NOT_EXISTS)
                }
                val listening = CompletableDeferred<Unit>()
                val deleted = async {
                    rival
                        .notifications(
                            keyPrefix = key,
                            onEstablished = { listening.complete(Unit) },
                        )
                        .first { it.key == key && it.type == NotificationType.KEY_DELETED }
                }
                withTimeout(20.seconds) { listening.await() }
                val cancelledAt = System.nanoTime()
                ownerJob.cancel()
                withTimeout(20.seconds) { deleted.await() }
                rival
                    .put(key, "rival", expectedVersionId = Version.KEY_NOT_EXISTS, ephemeral = true)
                    .key shouldBe key
                (System.nanoTime() - cancelledAt) / 1_000_000
            }
        }

        test("cancelling the caller of withOxiaClient closes the client: a rival takes over") {
            val waited =
                takeOverAfterCancelling("/scoped/with") { leading ->
                    launch {
                        withOxiaClient(
                            server.serviceAddress,
                            { this.sessionTimeout = sessionTimeout },
                        ) { client ->
                            client.put(
                                "/scoped/with",
                                "owner",
                                expectedVersionId = Version.KEY_NOT_EXISTS,
                                ephemeral = true,
                            )
                            leading.complete(Unit)
                            awaitCancellation()
                        }
                    }
                }
            waited shouldBeLessThan 10_000
        }

        test("cancelling the scope that owns a client closes it: a rival takes over") {
            val waited =
                takeOverAfterCancelling("/scoped/child") { leading ->
                    val worker = Job()
                    val scope = CoroutineScope(worker)
                    val client =
                        scope.oxiaClient(server.serviceAddress) {
                            this.sessionTimeout = sessionTimeout
                        }
                    client.put(
                        "/scoped/child",
                        "owner",
                        expectedVersionId = Version.KEY_NOT_EXISTS,
                        ephemeral = true,
                    )
                    leading.complete(Unit)
                    worker
                }
            waited shouldBeLessThan 10_000
        }

        test("the owning scope completes only once its client is closed") {
            val worker = Job()
            val client =
                CoroutineScope(worker).oxiaClient(server.serviceAddress) {
                    this.sessionTimeout = sessionTimeout
                }
            client.put("/scoped/joined", "x", ephemeral = true)
            worker.cancelAndJoin()
            // Nothing left to wait for: the session was closed before the scope completed.
            withClient(server) { observer -> observer.get("/scoped/joined") shouldBe null }
            shouldThrow<ClientClosedException> { client.put("/scoped/x", "y") }
        }

        test("a client closed by its user leaves its owning scope free to complete") {
            val worker = Job()
            val client: OxiaClient = CoroutineScope(worker).oxiaClient(server.serviceAddress)
            client.shutdown()
            worker.complete()
            withTimeout(5.seconds) { worker.join() }
        }
    })
