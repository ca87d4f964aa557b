package io.oxia.coroutines.testing

import java.time.Duration

/**
 * One [FaultProxy] in front of each of several servers (the data servers of an [OxiaCluster]), to
 * partition one client from a cluster that stays healthy for the others. A client reaches every
 * data server at the address the shard map gives, so a proxy for the service address alone would
 * not do: the client is given [translate] as its address translator, and dials each server through
 * its proxy.
 *
 * The fault methods apply to every proxy; [get] gives one server's proxy for a fault on that link
 * alone. Threading and [close] as for [FaultProxy].
 */
public class FaultProxies private constructor(private val byTarget: Map<String, FaultProxy>) :
    AutoCloseable {
    /** The proxies, one per target, in the order the targets were given. */
    public val proxies: List<FaultProxy>
        get() = byTarget.values.toList()

    /**
     * The proxy's address for the server at [address] (`host:port`, spelled as given to [start]):
     * the address translation that routes a client through the proxies.
     *
     * @throws IllegalArgumentException for an address no proxy stands in front of, so that a client
     *   never reaches a server around the proxies unnoticed.
     */
    public fun translate(address: String): String = get(address).address

    /**
     * The proxy in front of [target].
     *
     * @throws IllegalArgumentException when there is none.
     */
    public operator fun get(target: String): FaultProxy =
        requireNotNull(byTarget[target]) {
            "no fault proxy in front of $target; proxied: ${byTarget.keys}"
        }

    /** [FaultProxy.cut] on every proxy. */
    @JvmOverloads
    public fun cut(direction: FaultDirection = FaultDirection.BOTH) {
        proxies.forEach { it.cut(direction) }
    }

    /** [FaultProxy.blackHole] on every proxy. */
    @JvmOverloads
    public fun blackHole(direction: FaultDirection = FaultDirection.BOTH) {
        proxies.forEach { it.blackHole(direction) }
    }

    /** [FaultProxy.slow] on every proxy. */
    @JvmOverloads
    public fun slow(delay: Duration, direction: FaultDirection = FaultDirection.BOTH) {
        proxies.forEach { it.slow(delay, direction) }
    }

    /** [FaultProxy.restore] on every proxy. */
    @JvmOverloads
    public fun restore(direction: FaultDirection = FaultDirection.BOTH) {
        proxies.forEach { it.restore(direction) }
    }

    /** Closes every proxy. Idempotent. */
    override fun close() {
        proxies.forEach { it.close() }
    }

    override fun toString(): String = "FaultProxies(${proxies.joinToString()})"

    public companion object {
        /**
         * Starts a proxy in front of each of [targets] (`host:port` loopback addresses).
         *
         * @throws IllegalArgumentException as [FaultProxy.start] does, or for no or repeated
         *   targets.
         */
        @JvmStatic
        public fun start(targets: List<String>): FaultProxies {
            require(targets.isNotEmpty()) { "no targets" }
            require(targets.toSet().size == targets.size) { "targets repeat: $targets" }
            val started = mutableListOf<FaultProxy>()
            try {
                targets.forEach { started += FaultProxy.start(it) }
            } catch (e: Exception) {
                started.forEach { it.close() }
                throw e
            }
            return FaultProxies(targets.zip(started).toMap())
        }

        /**
         * Starts a proxy in front of each data server of [cluster] ([OxiaCluster.publicAddresses]).
         */
        @JvmStatic
        public fun start(cluster: OxiaCluster): FaultProxies = start(cluster.publicAddresses)
    }
}
