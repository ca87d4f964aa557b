package io.oxia.coroutines.benchmarks

/**
 * The results of a run: for each case and client, one [CaseResult] per round; reports use the
 * median of the rounds, metric by metric.
 */
class Summary(
    val settings: BenchmarkSettings,
    val serverAddress: String,
    val results: Map<BenchCase, Map<ClientKind, List<CaseResult>>>,
    val perf: PerfPeer.Figures?,
) {
    /** The median over rounds of every metric of [kind] on [case]; empty when it never ran. */
    fun median(case: BenchCase, kind: ClientKind): Map<String, Double> {
        val rounds = results[case]?.get(kind).orEmpty().map { it.metrics() }
        if (rounds.isEmpty()) return emptyMap()
        return rounds.first().keys.associateWith { name ->
            val values = rounds.mapNotNull { it[name] }.sorted()
            if (values.size % 2 == 1) values[values.size / 2]
            else (values[values.size / 2 - 1] + values[values.size / 2]) / 2
        }
    }

    /** Ours divided by the official client's figure, or `null` when either is missing or zero. */
    fun ratio(case: BenchCase, metric: String): Double? {
        val ours = median(case, ClientKind.OURS)[metric] ?: return null
        val theirs = median(case, ClientKind.OFFICIAL)[metric] ?: return null
        return if (theirs == 0.0) null else ours / theirs
    }
}
