package io.oxia.coroutines.recipes.it

import io.kotest.core.spec.Spec
import io.oxia.coroutines.AddressTranslator
import io.oxia.coroutines.OxiaClient
import io.oxia.coroutines.OxiaClientBuilder
import io.oxia.coroutines.testing.FaultProxies
import io.oxia.coroutines.testing.OxiaCluster
import io.oxia.coroutines.testing.OxiaNamespace
import io.oxia.coroutines.testing.OxiaNode
import java.nio.file.Files
import java.nio.file.Path
import java.nio.file.StandardOpenOption
import kotlin.time.Duration
import kotlin.time.Duration.Companion.seconds
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.withContext

/**
 * A cluster of 3 data servers for one spec, started on first use and stopped after it. One shard,
 * so that every record (locks, counters, groups) lives on one leader: the server a fault kills or
 * pauses is the one every recipe depends on.
 */
fun Spec.recipesCluster(): Lazy<OxiaCluster> {
    val cluster = lazy {
        OxiaCluster.start(servers = 3, namespaces = listOf(OxiaNamespace("default", 1)))
    }
    afterSpec { if (cluster.isInitialized()) cluster.value.close() }
    return cluster
}

/** The data server that leads the single shard now. */
fun OxiaCluster.shardLeader(): OxiaNode =
    server(checkNotNull(leaderOf("default", 0)) { "no leader" })

/** A client that reaches every data server through fault proxies of its own. */
class ProxiedClient(val client: OxiaClient, val proxies: FaultProxies) {
    /** Closes the client, then its proxies. */
    suspend fun close() {
        runCatching { client.shutdown() }
        proxies.close()
    }
}

/** The session timeout of the recipes' cluster specs: short, to bound the time each fault takes. */
val SESSION_TIMEOUT: Duration = 5.seconds

/** Connects a client to [cluster] through its own [FaultProxies]. */
suspend fun connectThrough(
    cluster: OxiaCluster,
    configure: OxiaClientBuilder.() -> Unit = {},
): ProxiedClient = connectThrough(cluster.publicAddresses, configure)

/** Connects a client to the servers at [addresses] (the first bootstraps) through fault proxies. */
suspend fun connectThrough(
    addresses: List<String>,
    configure: OxiaClientBuilder.() -> Unit = {},
): ProxiedClient {
    val proxies = FaultProxies.start(addresses)
    try {
        val client =
            OxiaClient.connect(addresses.joinToString(",")) {
                requestTimeout = 5.seconds
                sessionTimeout = SESSION_TIMEOUT
                addressTranslator = AddressTranslator(proxies::translate)
                configure()
            }
        return ProxiedClient(client, proxies)
    } catch (e: Throwable) {
        proxies.close()
        throw e
    }
}

/** Runs a blocking control call of the test kit off the test's dispatcher. */
suspend fun <T> blocking(call: () -> T): T = withContext(Dispatchers.IO) { call() }

/**
 * Prints a measured figure and appends it to `target/recipes-figures.txt`, where the figures of
 * several runs are collected.
 */
fun reportFigure(line: String) {
    println("recipes figure: $line")
    val file = Path.of("target", "recipes-figures.txt")
    Files.createDirectories(file.parent)
    Files.writeString(
        file,
        "$line\n",
        StandardOpenOption.CREATE,
        StandardOpenOption.APPEND,
    )
}
