package io.oxia.coroutines.internal.session

import io.grpc.Status
import io.kotest.assertions.throwables.shouldThrow
import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.collections.shouldContainExactly
import io.kotest.matchers.shouldBe
import io.kotest.matchers.types.shouldBeInstanceOf
import io.oxia.coroutines.ClientClosedException
import io.oxia.coroutines.OxiaClientBuilder
import io.oxia.coroutines.SessionState
import kotlin.time.Duration.Companion.seconds
import kotlinx.coroutines.CoroutineScope
import kotlinx.coroutines.SupervisorJob
import kotlinx.coroutines.async
import kotlinx.coroutines.awaitCancellation
import kotlinx.coroutines.cancel
import kotlinx.coroutines.delay
import kotlinx.coroutines.launch
import kotlinx.coroutines.test.TestScope
import kotlinx.coroutines.test.advanceTimeBy
import kotlinx.coroutines.test.runCurrent
import kotlinx.coroutines.test.runTest

/** A fake server's session RPCs: ids from 1, heartbeats counted, failures on demand. */
private class FakeSessionCalls : SessionCalls {
    var nextId = 1L
    val heartbeats = mutableMapOf<Long, Int>()
    val closed = mutableListOf<Long>()
    var unknownSessions = emptySet<Long>()
    var silent = false
    var creationDelayMs = 0L
    var failedCloses = 0

    override suspend fun create(shardId: Long): Long {
        delay(creationDelayMs)
        return nextId++
    }

    override suspend fun keepAlive(shardId: Long, sessionId: Long) {
        if (silent) awaitCancellation()
        if (sessionId in unknownSessions)
            throw Status.NOT_FOUND.withDescription("oxia: session not found").asException()
        heartbeats.merge(sessionId, 1, Int::plus)
    }

    override suspend fun close(shardId: Long, sessionId: Long) {
        if (failedCloses > 0) {
            failedCloses--
            throw Status.UNAVAILABLE.withDescription("connection refused").asException()
        }
        closed += sessionId
    }
}

/**
 * The session registry's logic in virtual time, against a fake of its RPCs: creation once per
 * shard, heartbeats at the promised interval, expiry when the server forgets the session or stops
 * answering for the session timeout, recreation, and close.
 */
class ShardSessionsSpec :
    FunSpec({
        val config = OxiaClientBuilder("127.0.0.1:1").apply { sessionTimeout = 6.seconds }.build()

        fun TestScope.sessions(calls: SessionCalls): Pair<ShardSessions, CoroutineScope> {
            val scope = CoroutineScope(coroutineContext + SupervisorJob())
            return ShardSessions(config, calls, scope, testScheduler.timeSource) to scope
        }

        test("one session per shard, made once, kept alive every 2 s") {
            runTest {
                val calls = FakeSessionCalls()
                val (sessions, scope) = sessions(calls)
                sessions.sessionId(0) shouldBe 1
                sessions.sessionId(0) shouldBe 1
                sessions.sessionId(1) shouldBe 2
                advanceTimeBy(10_001)
                calls.heartbeats[1] shouldBe 5
                calls.heartbeats[2] shouldBe 5
                scope.cancel()
            }
        }

        test("a session the server forgot expires, and the next put makes a new one") {
            runTest {
                val calls = FakeSessionCalls()
                val (sessions, scope) = sessions(calls)
                val events = mutableListOf<SessionState>()
                val collector = launch { sessions.events.collect { events += it.state } }
                runCurrent()
                sessions.sessionId(0) shouldBe 1
                calls.unknownSessions = setOf(1L)
                advanceTimeBy(2_001)
                sessions.sessionId(0) shouldBe 2
                runCurrent()
                events shouldContainExactly
                    listOf(SessionState.CREATED, SessionState.EXPIRED, SessionState.RECREATED)
                collector.cancel()
                scope.cancel()
            }
        }

        test("a server that stops answering expires the session after the session timeout") {
            runTest {
                val calls = FakeSessionCalls()
                val (sessions, scope) = sessions(calls)
                sessions.sessionId(0) shouldBe 1
                advanceTimeBy(4_001)
                calls.silent = true
                // The last answer came at 4 s: not expired at 9 s, expired by 12 s.
                advanceTimeBy(5_000)
                sessions.sessionId(0) shouldBe 1
                advanceTimeBy(3_000)
                calls.silent = false
                sessions.sessionId(0) shouldBe 2
                calls.closed shouldContainExactly listOf(1L)
                scope.cancel()
            }
        }

        test("closeAll closes every session on the server; later asks fail as closed") {
            runTest {
                val calls = FakeSessionCalls()
                val (sessions, scope) = sessions(calls)
                sessions.sessionId(0)
                sessions.sessionId(1)
                val events = mutableListOf<SessionState>()
                val collector = launch { sessions.events.collect { events += it.state } }
                runCurrent()
                sessions.closeAll()
                calls.closed.sorted() shouldContainExactly listOf(1L, 2L)
                shouldThrow<ClientClosedException> { sessions.sessionId(2) }
                runCurrent()
                events shouldBe listOf(SessionState.CLOSED, SessionState.CLOSED)
                val heartbeatsAtClose = calls.heartbeats.values.sum()
                advanceTimeBy(10_000)
                calls.heartbeats.values.sum() shouldBe heartbeatsAtClose
                collector.cancel()
                scope.cancel()
            }
        }

        test("a session whose creation is under way at closeAll is closed, not abandoned") {
            runTest {
                val calls = FakeSessionCalls().apply { creationDelayMs = 1_000 }
                val (sessions, scope) = sessions(calls)
                val put = async { runCatching { sessions.sessionId(0) } }
                advanceTimeBy(500)
                sessions.closeAll()
                // The server made session 1 after closeAll began: it is closed all the same.
                calls.closed shouldContainExactly listOf(1L)
                put.await().exceptionOrNull().shouldBeInstanceOf<ClientClosedException>()
                scope.cancel()
            }
        }

        test("a close the server did not take is sent again") {
            runTest {
                val calls = FakeSessionCalls().apply { failedCloses = 2 }
                val (sessions, scope) = sessions(calls)
                sessions.sessionId(0)
                sessions.closeAll()
                calls.closed shouldContainExactly listOf(1L)
                scope.cancel()
            }
        }
    })
