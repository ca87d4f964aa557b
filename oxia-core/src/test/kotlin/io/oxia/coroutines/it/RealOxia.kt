package io.oxia.coroutines.it

import io.kotest.core.spec.Spec
import io.kotest.core.test.Enabled
import io.kotest.core.test.TestCase
import io.oxia.coroutines.KeySorting
import io.oxia.coroutines.OxiaClient
import io.oxia.coroutines.OxiaClientBuilder
import io.oxia.coroutines.testing.OxiaBinary
import io.oxia.coroutines.testing.OxiaCluster
import io.oxia.coroutines.testing.OxiaStandalone
import kotlin.time.Duration.Companion.seconds

/** The key order the server under test sorts with: servers up to v0.14 split keys into segments. */
fun sortingOf(serverVersion: String): KeySorting =
    if (serverVersion.startsWith("v0.14") || serverVersion.startsWith("v0.13")) KeySorting.SEGMENTED
    else KeySorting.HIERARCHICAL

/**
 * Enables a test only on a server version whose leaders keep concurrent writes in order (see
 * [OxiaBinary.disordersConcurrentWrites]): elsewhere, killing servers under load can leave a shard
 * failing every write for a reason no client controls, and the test could not tell it from a fault
 * of its own.
 */
val whereConcurrentWritesStayOrdered: (TestCase) -> Enabled = {
    val version = OxiaBinary.configuredVersion()
    if (OxiaBinary.disordersConcurrentWrites(version))
        Enabled.disabled(
            "Oxia $version can append concurrent writes out of order (oxia-db/oxia#738, fixed in v0.14.2)"
        )
    else Enabled.enabled
}

/**
 * Enables a test only on a server version whose coordinator serves the admin API
 * (`io.oxia.proto.v1.OxiaAdmin`), which came with Oxia v0.16.
 */
val whereCoordinatorServesAdmin: (TestCase) -> Enabled =
    fromVersion(16, "has no coordinator admin API (it came with v0.16)")

/**
 * Enables a test only on a server version that answers in gRPC's canonical error style (a status
 * with an `ErrorInfo` detail: a reason and, for a not-leader answer, the leader), checks the HTTP/2
 * authority of client calls and takes an OIDC static key file, none of which v0.14 or v0.15 do.
 */
val whereServerAnswersCanonically: (TestCase) -> Enabled =
    fromVersion(16, "answers in the legacy error style (ErrorInfo details came after v0.15)")

/** Enables a test on server versions 0.[minor] and later; else disabled, saying why. */
private fun fromVersion(minor: Int, otherwise: String): (TestCase) -> Enabled = {
    val version = OxiaBinary.configuredVersion()
    if (isAtLeast(version, minor)) Enabled.enabled else Enabled.disabled("Oxia $version $otherwise")
}

/** A standalone Oxia for one spec, started on first use and stopped after the spec. */
fun Spec.standalone(shards: Int = 3): Lazy<OxiaStandalone> {
    val server = lazy { OxiaStandalone.start(shards = shards) }
    afterSpec { if (server.isInitialized()) server.value.close() }
    return server
}

/** A cluster of [servers] data servers and a coordinator for one spec, started on first use. */
fun Spec.cluster(servers: Int = 3): Lazy<OxiaCluster> {
    val cluster = lazy { OxiaCluster.start(servers = servers) }
    afterSpec { if (cluster.isInitialized()) cluster.value.close() }
    return cluster
}

/**
 * Connects a client to [server] with the key order it sorts with, runs [block] and closes the
 * client.
 */
suspend fun <T> withClient(
    server: OxiaStandalone,
    configure: OxiaClientBuilder.() -> Unit = {},
    block: suspend (OxiaClient) -> T,
): T = withClientOf(server.serviceAddress, server.version, configure, block)

/**
 * Connects a client to the server at [address] with the key order of [version], configured by
 * [configure] (by default with a request timeout that waits out a restart or failover), runs
 * [block] and closes the client. Its calls go through a [TransportTap] ([OxiaClient.tap]).
 */
suspend fun <T> withClientOf(
    address: String,
    version: String,
    configure: OxiaClientBuilder.() -> Unit = { requestTimeout = 60.seconds },
    block: suspend (OxiaClient) -> T,
): T {
    val client =
        connectTapped(address) {
            keySorting = sortingOf(version)
            configure()
        }
    try {
        return block(client)
    } finally {
        client.shutdown()
    }
}
