package io.oxia.coroutines

/**
 * The order in which a namespace sorts its keys. The server does not tell clients which order a
 * namespace uses, so the client is told through [OxiaClientBuilder.keySorting]; it must match the
 * server for results merged across shards (list, range scan, floor/ceiling lookups) to come out in
 * the server's own order.
 */
public enum class KeySorting {
    /**
     * The default of Oxia servers v0.15 and later: keys compare first by depth (the number of `/`),
     * then by their UTF-8 bytes with `/` sorting after every other byte. Internal keys (`__oxia/…`)
     * sort after all user keys.
     */
    HIERARCHICAL,

    /**
     * Plain comparison of the keys' UTF-8 bytes; a namespace configured with `natural` key sorting.
     */
    NATURAL,

    /**
     * The order of Oxia servers up to v0.14: keys are split at `/` and compared segment by segment,
     * bytewise, a key with fewer segments first when one is a prefix of the other.
     */
    SEGMENTED,
}
