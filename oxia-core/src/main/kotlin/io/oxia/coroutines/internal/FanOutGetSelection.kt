package io.oxia.coroutines.internal

import io.oxia.coroutines.GetResult
import io.oxia.coroutines.KeyComparison

/**
 * Picks the answer of a get that asked every shard: each shard answered with its own best match,
 * and the overall best is the highest of them for floor/lower lookups and the lowest otherwise, in
 * the namespace's key order. For secondary-index lookups the secondary key decides first, then the
 * primary key.
 */
internal fun selectFanOutAnswer(
    candidates: List<GetResult>,
    comparison: KeyComparison,
    keyOrder: Comparator<String>,
): GetResult? {
    val order =
        compareBy<GetResult, String?>(nullsFirst(keyOrder)) { it.secondaryIndexKey }
            .thenBy(keyOrder) { it.key }
    return when (comparison) {
        KeyComparison.FLOOR,
        KeyComparison.LOWER -> candidates.maxWithOrNull(order)
        KeyComparison.EQUAL,
        KeyComparison.CEILING,
        KeyComparison.HIGHER -> candidates.minWithOrNull(order)
    }
}
