package io.oxia.coroutines.it

import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldBeEmpty
import io.kotest.matchers.string.shouldContain
import io.oxia.coroutines.OxiaTimeoutException
import io.oxia.coroutines.get
import io.oxia.coroutines.put
import kotlin.time.Duration.Companion.seconds

/** Failures that users see carry no type internal to the client anywhere in their cause chain. */
class PublicCauseSpec :
    FunSpec({
        val server by standalone(shards = 1)

        test("a call that timed out retrying a down server has only public types as causes") {
            withClient(server, { requestTimeout = 1.seconds }) { client ->
                client.put("/causes/a", "x")
                server.kill()
                try {
                    val e = shouldThrow<OxiaTimeoutException> { client.get("/causes/a") }
                    generateSequence(e as Throwable) { it.cause }
                        .map { it.javaClass.name }
                        .filter { it.startsWith("io.oxia.coroutines.internal.") }
                        .toList()
                        .shouldBeEmpty()
                    // What the internal failure said is kept in the message.
                    e.message shouldContain "last failure"
                } finally {
                    server.restart()
                }
            }
        }
    })
