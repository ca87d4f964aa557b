package io.oxia.coroutines.benchmarks

/**
 * Renders a [Summary] as JSON: settings, every round of every case, medians, ratios and their range
 * over the rounds.
 */
object JsonReport {
    /** The JSON text. */
    fun render(summary: Summary): String {
        val settings = summary.settings
        val cases =
            summary.results.map { (case, byClient) ->
                val clients = byClient.map { (kind, rounds) ->
                    kind.label to
                        obj(
                            "median" to metrics(summary.median(case, kind)),
                            "rounds" to
                                rounds.entries.joinToString(",", "[", "]") { (round, result) ->
                                    obj("round" to round.toString(), *fields(result.metrics()))
                                },
                        )
                }
                val metrics = summary.median(case, ClientKind.OURS).keys
                val ratios = metrics.mapNotNull { metric ->
                    summary.ratio(case, metric)?.let { metric to number(it) }
                }
                val ranges = metrics.mapNotNull { metric ->
                    summary.ratioRange(case, metric)?.let {
                        metric to "[${number(it.start)}, ${number(it.endInclusive)}]"
                    }
                }
                obj(
                    "case" to string(case.id),
                    "workload" to string(case.workload.name),
                    "title" to string(case.workload.title),
                    "inFlight" to case.inFlight.toString(),
                    "rate" to case.rate.toString(),
                    "clients" to obj(*clients.toTypedArray()),
                    "ratioOursToOfficial" to obj(*ratios.toTypedArray()),
                    "ratioRangeOverRounds" to obj(*ranges.toTypedArray()),
                )
            }
        return obj(
            "mode" to string(settings.mode),
            "serverVersion" to string(settings.serverVersion),
            "shards" to settings.shards.toString(),
            "jvmArgs" to settings.jvmArgs.joinToString(",", "[", "]") { string(it) },
            "parameters" to
                obj(
                    *settings.parameters
                        .toArgs()
                        .map {
                            it.substringBefore('=') to it.substringAfter('=')
                        }
                        .toTypedArray()
                ),
            "rounds" to settings.rounds.toString(),
            "cases" to cases.joinToString(",\n", "[\n", "\n]"),
            "oxiaPerf" to (summary.perf?.let { metrics(it.metrics) } ?: "null"),
        ) + "\n"
    }

    private fun metrics(values: Map<String, Double>): String = obj(*fields(values))

    private fun fields(values: Map<String, Double>): Array<Pair<String, String>> =
        values.map { (name, value) -> name to number(value) }.toTypedArray()

    private fun obj(vararg fields: Pair<String, String>): String =
        fields.joinToString(", ", "{", "}") { (name, value) -> "${string(name)}: $value" }

    private fun number(value: Double): String =
        if (value.isFinite()) value.toBigDecimal().stripTrailingZeros().toPlainString() else "null"

    private fun string(text: String): String =
        "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\""
}
