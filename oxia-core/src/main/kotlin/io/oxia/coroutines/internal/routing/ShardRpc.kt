package io.oxia.coroutines.internal.routing

import io.oxia.coroutines.ClientClosedException
import io.oxia.coroutines.internal.transport.OxiaTransport
import io.oxia.coroutines.internal.transport.RetryableException
import java.util.concurrent.ConcurrentHashMap
import kotlinx.coroutines.coroutineScope
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.first
import kotlinx.coroutines.launch

/**
 * What a shard's batchers and streams need to talk to its leader: the [transport], the leader, and
 * the guard that gives up a call when the leader moves. A leader named by a not-leader error is
 * used until the next shard map arrives.
 */
internal class ShardRpc(
    /** The calls, each to the address it is given. */
    val transport: OxiaTransport,
    private val watcher: ShardMapWatcher,
) {
    private class Hint(val leader: String, val seenWith: ShardRouter?)

    private val hints = ConcurrentHashMap<Long, Hint>()

    /**
     * Throws [ClientClosedException] once the client is closed: a call that failed then failed
     * because of it.
     */
    fun checkOpen() {
        if (transport.isClosed) throw ClientClosedException()
    }

    /** Reports that [address] stopped answering; see [ShardMapWatcher.suspect]. */
    fun suspect(address: String) {
        watcher.suspect(address)
    }

    /**
     * Remembers [leader], named by the server, as the leader of [shardId] until a new shard map
     * arrives.
     */
    fun noteLeaderHint(shardId: Long, leader: String) {
        hints[shardId] = Hint(leader, watcher.current.value)
    }

    /**
     * The current leader of [shardId], waiting while its election runs.
     *
     * @throws RetryableException when the shard no longer exists (a split): the operation must be
     *   routed again.
     */
    suspend fun leaderOf(shardId: Long): String {
        // Read first without collecting the flow: this runs once per read batch.
        val router = watcher.current.value ?: watcher.current.first { it != null }!!
        hints[shardId]?.let {
            if (it.seenWith === router) return it.leader else hints.remove(shardId, it)
        }
        val shard =
            router.shardById(shardId) ?: throw RetryableException("shard $shardId no longer exists")
        if (shard.hasLeader) return shard.leader
        val next = watcher.awaitNewerThan(router)
        return next.shardById(shardId)?.takeIf { it.hasLeader }?.leader
            ?: throw RetryableException("shard $shardId has no leader yet")
    }

    /**
     * Runs [block], a call to [leader] for [shardId], and fails it with [LeaderMovedException] as
     * soon as a newer shard map names another leader for the shard (or drops the shard, unless
     * [whileDropped]: a split drops a shard whose leader still serves what it held). A call to a
     * leader that stopped answering would otherwise wait for the connection's keepalive, or forever
     * when the connection never completes its handshake.
     */
    suspend fun <T> whileLeader(
        shardId: Long,
        leader: String,
        whileDropped: Boolean = false,
        block: suspend () -> T,
    ): T = coroutineScope {
        val seen = watcher.current.value
        val guard = launch {
            watcher.current.first { router ->
                router != null &&
                    router !== seen &&
                    router.shardById(shardId).let {
                        if (it == null) !whileDropped else it.hasLeader && it.leader != leader
                    }
            }
            throw LeaderMovedException(shardId, leader)
        }
        try {
            block()
        } finally {
            guard.cancel()
        }
    }

    /**
     * Streams from the leader of [shardId] the stream that [open] makes for it, handing each answer
     * to [onEach], until the server ends the stream; fails with [RetryableException] when the
     * leader moves (see [whileLeader]).
     */
    suspend fun <A> streamFromLeader(
        shardId: Long,
        open: suspend OxiaTransport.(leader: String) -> Flow<A>,
        onEach: suspend (A) -> Unit,
    ) {
        val leader = leaderOf(shardId)
        whileLeader(shardId, leader) { transport.open(leader).collect { onEach(it) } }
    }
}
