package io.oxia.coroutines.recipes.internal

/**
 * The keys of a membership group: one record per member, `<group>/<memberId>`, all written with the
 * group as partition key so that they live on one shard and in one notification stream.
 */
internal class GroupKeys(val group: String) {
    /** The prefix of every member's key. */
    val prefix: String = "$group/"

    /**
     * The end of the range of members' keys (exclusive): above every member id made of characters
     * of the Basic Multilingual Plane. Oxia orders keys segment by segment, so a bound that kept
     * the slash count of the members' keys is needed.
     */
    val rangeEnd: String = "$prefix\uFFFF"

    /** The key of the member [memberId]. */
    fun keyOf(memberId: String): String = prefix + memberId

    /** The member id of [key], or `null` when [key] is not a member's key of this group. */
    fun idOf(key: String): String? =
        if (key.startsWith(prefix) && key.indexOf('/', prefix.length) < 0) {
            key.substring(prefix.length).takeIf { it.isNotEmpty() }
        } else {
            null
        }
}
