package io.oxia.coroutines

/** How [OxiaClient.get] matches the requested key against the stored ones. */
public enum class KeyComparison {
    /** The record whose key is exactly the requested one. */
    EQUAL,

    /** The record with the highest key that is lower than or equal to the requested one. */
    FLOOR,

    /** The record with the lowest key that is higher than or equal to the requested one. */
    CEILING,

    /** The record with the highest key strictly lower than the requested one. */
    LOWER,

    /** The record with the lowest key strictly higher than the requested one. */
    HIGHER,
}
