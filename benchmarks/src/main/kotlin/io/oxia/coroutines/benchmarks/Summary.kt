package io.oxia.coroutines.benchmarks

/**
 * The results of a run: for each case and client, a [CaseResult] by round number (a round whose
 * worker failed is missing). Reports compare the clients' medians of the rounds, metric by metric,
 * and show the spread of the rounds' own ratios.
 */
class Summary(
    val settings: BenchmarkSettings,
    val serverAddress: String,
    val results: Map<BenchCase, Map<ClientKind, Map<Int, CaseResult>>>,
    val perf: PerfPeer.Figures?,
) {
    /** The median over rounds of every metric of [kind] on [case]; empty when it never ran. */
    fun median(case: BenchCase, kind: ClientKind): Map<String, Double> {
        val rounds = rounds(case, kind).values.map { it.metrics() }
        if (rounds.isEmpty()) return emptyMap()
        return rounds
            .flatMap { it.keys }
            .toSet()
            .associateWith { name ->
                val values = rounds.mapNotNull { it[name] }.sorted()
                if (values.size % 2 == 1) values[values.size / 2]
                else (values[values.size / 2 - 1] + values[values.size / 2]) / 2
            }
    }

    /**
     * Ours divided by the official client's median, or `null` when either is missing or zero, or
     * the metric describes the machine rather than the client.
     */
    fun ratio(case: BenchCase, metric: String): Double? =
        if (metric in MACHINE_METRICS) null
        else
            ratioOf(
                median(case, ClientKind.OURS)[metric],
                median(case, ClientKind.OFFICIAL)[metric],
            )

    /**
     * The lowest and the highest ratio of ours to the official client's figure in a single round,
     * where the two ran back to back. `null` unless both clients completed the same rounds, two or
     * more (else [ratio] and the range would come from different rounds), and every round has both
     * figures.
     */
    fun ratioRange(case: BenchCase, metric: String): ClosedFloatingPointRange<Double>? {
        if (metric in MACHINE_METRICS) return null
        val ours = rounds(case, ClientKind.OURS)
        val theirs = rounds(case, ClientKind.OFFICIAL)
        if (ours.size < 2 || ours.keys != theirs.keys) return null
        val ratios = ours.map { (round, result) ->
            ratioOf(result.metrics()[metric], theirs.getValue(round).metrics()[metric])
                ?: return null
        }
        return ratios.min()..ratios.max()
    }

    private fun rounds(case: BenchCase, kind: ClientKind): Map<Int, CaseResult> =
        results[case]?.get(kind).orEmpty()

    private fun ratioOf(ours: Double?, theirs: Double?): Double? =
        if (ours == null || theirs == null || theirs == 0.0) null else ours / theirs

    private companion object {
        // The hypervisor's steal time: reported beside each client's figures, never compared.
        val MACHINE_METRICS = setOf("stealPercent")
    }
}
