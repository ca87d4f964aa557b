package io.oxia.coroutines.recipes.it

import io.oxia.coroutines.DeleteOptions
import io.oxia.coroutines.GetOptions
import io.oxia.coroutines.GetResult
import io.oxia.coroutines.OxiaClient
import io.oxia.coroutines.PutOptions
import io.oxia.coroutines.PutResult
import kotlinx.coroutines.awaitCancellation

/**
 * A client whose link to the server can be cut for it alone, while the server and other clients go
 * on: [sever] stops its session heartbeats (through the real client's test switch) and makes its
 * reads and writes hang, as a network partition would.
 */
class Severable(private val real: OxiaClient) : OxiaClient by real {
    @Volatile private var severed = false

    fun sever() {
        severed = true
        heartbeatsPaused(real, true)
    }

    /**
     * Stops ([paused] `true`) or resumes the session heartbeats alone, leaving reads and writes
     * working: the server expires the client's sessions while the client goes on.
     */
    fun pauseHeartbeats(paused: Boolean) {
        heartbeatsPaused(real, paused)
    }

    override suspend fun get(key: String, options: GetOptions): GetResult? {
        if (severed) awaitCancellation()
        return real.get(key, options)
    }

    override suspend fun put(key: String, value: ByteArray, options: PutOptions): PutResult {
        if (severed) awaitCancellation()
        return real.put(key, value, options)
    }

    override suspend fun delete(key: String, options: DeleteOptions): Boolean {
        if (severed) awaitCancellation()
        return real.delete(key, options)
    }

    private companion object {
        /**
         * Sets the core's internal `heartbeatsPaused` switch by reflection: Kotlin `internal`
         * members are public in bytecode under a mangled name.
         */
        fun heartbeatsPaused(client: OxiaClient, paused: Boolean) {
            val sessions =
                client.javaClass.methods.single { it.name.startsWith("getSessions") }.invoke(client)
            sessions.javaClass.methods
                .single { it.name.startsWith("setHeartbeatsPaused") }
                .invoke(sessions, paused)
        }
    }
}
