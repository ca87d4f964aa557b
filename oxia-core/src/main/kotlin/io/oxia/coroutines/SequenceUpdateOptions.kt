package io.oxia.coroutines

/**
 * Options of [OxiaClient.sequenceUpdates]. Kotlin callers use named arguments; Java callers use
 * [builder].
 *
 * @property onEstablished called once, from the collecting coroutine's context, when the flow opens
 *   its stream: every sequence key generated after that call is reported, or a later one in its
 *   place, since each stream starts with the highest key at the time. Servers up to v0.15 say
 *   nothing before there is a key, so the call does not wait for the server's answer; it tells the
 *   caller that the collection has begun, and that it can write without sleeping first. Not called
 *   again when the stream reconnects.
 */
public class SequenceUpdateOptions(public val onEstablished: EstablishedListener? = null) {
    /** Told when a subscription is established; see [SequenceUpdateOptions.onEstablished]. */
    public fun interface EstablishedListener {
        /** The flow follows the sequence for this collector. Must not block. */
        public fun onEstablished()
    }

    override fun toString(): String =
        "SequenceUpdateOptions(onEstablished=${onEstablished?.let { "<set>" }})"

    /** Builds [SequenceUpdateOptions] step by step, for Java callers. */
    public class Builder internal constructor() {
        private var onEstablished: EstablishedListener? = null

        /** See [SequenceUpdateOptions.onEstablished]. */
        public fun onEstablished(listener: EstablishedListener): Builder = apply {
            onEstablished = listener
        }

        /** The options. */
        public fun build(): SequenceUpdateOptions = SequenceUpdateOptions(onEstablished)
    }

    public companion object {
        /** No listener. */
        @JvmField public val DEFAULT: SequenceUpdateOptions = SequenceUpdateOptions()

        /** A new [Builder]. */
        @JvmStatic public fun builder(): Builder = Builder()
    }
}
