package io.oxia.coroutines

/**
 * Options of [OxiaClient.sessionEvents]. Kotlin callers use named arguments; Java callers use
 * [builder].
 *
 * @property onSubscribed called once, from the collecting coroutine's context, when the collector
 *   is subscribed: it sees every session event that happens after that call.
 */
public class SessionEventOptions(public val onSubscribed: SubscribedListener? = null) {
    /** Told when a collector is subscribed; see [SessionEventOptions.onSubscribed]. */
    public fun interface SubscribedListener {
        /** The collector is subscribed. Must not block. */
        public fun onSubscribed()
    }

    override fun toString(): String =
        "SessionEventOptions(onSubscribed=${onSubscribed?.let { "<set>" }})"

    /** Builds [SessionEventOptions] step by step, for Java callers. */
    public class Builder internal constructor() {
        private var onSubscribed: SubscribedListener? = null

        /** See [SessionEventOptions.onSubscribed]. */
        public fun onSubscribed(listener: SubscribedListener): Builder = apply {
            onSubscribed = listener
        }

        /** The options. */
        public fun build(): SessionEventOptions = SessionEventOptions(onSubscribed)
    }

    public companion object {
        /** No listener. */
        @JvmField public val DEFAULT: SessionEventOptions = SessionEventOptions()

        /** A new [Builder]. */
        @JvmStatic public fun builder(): Builder = Builder()
    }
}
