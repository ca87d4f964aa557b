package io.oxia.coroutines.recipes.it

import io.oxia.coroutines.testing.OxiaCluster

/** The faults a recipe's holder is put through in the cluster specs. */
enum class Fault(val label: String) {
    /** The holder's client alone is cut off: every byte to and from it is held by its proxies. */
    PARTITION("partition"),

    /** The leader of the shard (every record's server) is killed (SIGKILL). */
    KILL("kill"),

    /** The leader of the shard stops answering (SIGSTOP), keeping its connections. */
    PAUSE("pause");

    /** Injects the fault, with [victim] as the client to cut off; returns how to heal it. */
    suspend fun inject(cluster: OxiaCluster, victim: ProxiedClient): suspend () -> Unit =
        when (this) {
            PARTITION -> {
                victim.proxies.blackHole()
                suspend { victim.proxies.restore() }
            }
            KILL -> {
                val node = cluster.shardLeader()
                blocking { node.kill() }
                suspend {
                    blocking {
                        node.restart()
                        cluster.awaitReady()
                    }
                }
            }
            PAUSE -> {
                val node = cluster.shardLeader()
                blocking { node.pause() }
                suspend {
                    blocking {
                        node.resume()
                        cluster.awaitReady()
                    }
                }
            }
        }
}
