package io.oxia.coroutines.java

import io.oxia.coroutines.InvalidArgumentException
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.take

/**
 * The items of this flow as a list, for ranges small enough to hold: when the flow has more than
 * [limit] items, it is cancelled (and with it the server calls) at the item after the limit, and
 * this fails with [InvalidArgumentException] pointing to [streaming], the call that streams them.
 */
internal suspend fun <T> Flow<T>.collectAtMost(limit: Int, streaming: String): List<T> {
    val items = ArrayList<T>()
    take(limit + 1).collect { items.add(it) }
    if (items.size > limit) {
        throw InvalidArgumentException(
            "the range holds more than $limit items, the most a collected list holds; " +
                "stream it with $streaming"
        )
    }
    return items
}
