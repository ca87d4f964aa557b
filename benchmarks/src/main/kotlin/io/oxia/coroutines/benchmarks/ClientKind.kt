package io.oxia.coroutines.benchmarks

/** The clients compared. */
enum class ClientKind(val label: String) {
    /** This project's coroutine client, `io.oxia.coroutines`. */
    OURS("ours"),

    /** The official Java client, `io.github.oxia-db:oxia-client`. */
    OFFICIAL("official");

    /** Connects a client of this kind to [address]. */
    suspend fun connect(address: String): BenchClient =
        when (this) {
            OURS -> CoroutineBenchClient.connect(address)
            OFFICIAL -> OfficialBenchClient.connect(address)
        }

    companion object {
        /** The kind labelled [label]. */
        fun of(label: String): ClientKind =
            entries.firstOrNull { it.label == label } ?: error("unknown client '$label'")
    }
}
