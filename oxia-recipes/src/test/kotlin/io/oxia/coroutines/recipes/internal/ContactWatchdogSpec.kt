package io.oxia.coroutines.recipes.internal

import io.kotest.core.spec.style.FunSpec
import io.kotest.matchers.shouldBe
import io.kotest.matchers.string.shouldContain
import io.oxia.coroutines.ClientEvent
import io.oxia.coroutines.ClientStats
import io.oxia.coroutines.ConnectionState
import io.oxia.coroutines.DeleteOptions
import io.oxia.coroutines.GetOptions
import io.oxia.coroutines.GetResult
import io.oxia.coroutines.Notification
import io.oxia.coroutines.NotificationOptions
import io.oxia.coroutines.OxiaClient
import io.oxia.coroutines.OxiaClientConfig
import io.oxia.coroutines.PutOptions
import io.oxia.coroutines.PutResult
import io.oxia.coroutines.RangeOptions
import io.oxia.coroutines.SequenceUpdateOptions
import io.oxia.coroutines.SessionEvent
import io.oxia.coroutines.SessionEventOptions
import io.oxia.coroutines.Version
import kotlin.time.Duration
import kotlin.time.Duration.Companion.seconds
import kotlinx.coroutines.ExperimentalCoroutinesApi
import kotlinx.coroutines.async
import kotlinx.coroutines.awaitCancellation
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.StateFlow
import kotlinx.coroutines.test.runTest

/** The watchdog's timing, in virtual time, against a fake server whose answers the test chooses. */
@OptIn(ExperimentalCoroutinesApi::class)
class ContactWatchdogSpec :
    FunSpec({
        val budget = 4.seconds

        test("reads that never answer end the lease exactly one budget after the last contact") {
            runTest {
                val client = FakeReads { awaitCancellation() }
                val watchdog =
                    ContactWatchdog(client, "k", "p", 7, budget, testScheduler.timeSource)
                val started = testScheduler.currentTime
                val reason = watchdog.awaitLoss(testScheduler.timeSource.markNow())
                (testScheduler.currentTime - started) shouldBe budget.inWholeMilliseconds
                reason shouldContain "no contact"
            }
        }

        test("answered reads keep the lease; the record gone ends it within one probe interval") {
            runTest {
                var alive = true
                val client = FakeReads { if (alive) record(7) else null }
                val watchdog =
                    ContactWatchdog(client, "k", "p", 7, budget, testScheduler.timeSource)
                val loss = async { watchdog.awaitLoss(testScheduler.timeSource.markNow()) }
                testScheduler.advanceTimeBy(10 * budget.inWholeMilliseconds)
                loss.isActive shouldBe true
                alive = false
                val goneAt = testScheduler.currentTime
                loss.await() shouldContain "gone"
                (testScheduler.currentTime - goneAt <= budget.inWholeMilliseconds / 4) shouldBe true
            }
        }

        test("a record with another version is not ours: the lease ends") {
            runTest {
                val client = FakeReads { record(8) }
                ContactWatchdog(client, "k", "p", 7, budget, testScheduler.timeSource)
                    .awaitLoss(testScheduler.timeSource.markNow()) shouldContain "gone"
            }
        }
    })

private fun record(versionId: Long) =
    GetResult("k", null, Version(versionId, 0, 0, 0, sessionId = 1, clientIdentity = "me"))

/** An [OxiaClient] that only reads, as [read] says. */
private class FakeReads(private val read: suspend () -> GetResult?) : OxiaClient {
    override suspend fun get(key: String, options: GetOptions): GetResult? = read()

    override val config: OxiaClientConfig
        get() = unused()

    override suspend fun put(key: String, value: ByteArray, options: PutOptions): PutResult =
        unused()

    override suspend fun delete(key: String, options: DeleteOptions): Boolean = unused()

    override suspend fun deleteRange(
        startInclusive: String,
        endExclusive: String,
        partitionKey: String?,
        timeout: Duration?,
    ) = unused()

    override fun list(startInclusive: String, endExclusive: String, options: RangeOptions) =
        unused()

    override fun rangeScan(
        startInclusive: String,
        endExclusive: String,
        options: RangeOptions,
    ): Flow<GetResult> = unused()

    override fun notifications(options: NotificationOptions): Flow<Notification> = unused()

    override fun sequenceUpdates(
        prefixKey: String,
        partitionKey: String,
        options: SequenceUpdateOptions,
    ): Flow<String> = unused()

    override val sessionEvents: Flow<SessionEvent>
        get() = unused()

    override fun sessionEvents(options: SessionEventOptions): Flow<SessionEvent> = unused()

    override val connectionState: StateFlow<ConnectionState>
        get() = unused()

    override val clientEvents: Flow<ClientEvent>
        get() = unused()

    override fun stats(): ClientStats = unused()

    override suspend fun shutdown() = Unit

    override fun close() = Unit

    private fun unused(): Nothing = throw UnsupportedOperationException("not used by the watchdog")
}
