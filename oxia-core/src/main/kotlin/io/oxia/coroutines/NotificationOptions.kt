package io.oxia.coroutines

/**
 * Options of [OxiaClient.notifications]. Kotlin callers use named arguments; Java callers use
 * [builder].
 *
 * @property keyPrefix deliver only changes of keys starting with this prefix (range deletions are
 *   always delivered); `null` delivers everything.
 * @property onEstablished called once, from the collecting coroutine's context, when every shard's
 *   stream is established: every write acknowledged after that call is notified. Writes made before
 *   it may or may not be.
 */
public class NotificationOptions(
    public val keyPrefix: String? = null,
    public val onEstablished: EstablishedListener? = null,
) {
    /**
     * Told when a subscription's streams are all established; see
     * [NotificationOptions.onEstablished].
     */
    public fun interface EstablishedListener {
        /** Every shard's stream is established. Must not block. */
        public fun onEstablished()
    }

    override fun toString(): String =
        "NotificationOptions(keyPrefix=$keyPrefix, onEstablished=${onEstablished?.let { "<set>" }})"

    /** Builds [NotificationOptions] step by step, for Java callers. */
    public class Builder internal constructor() {
        private var keyPrefix: String? = null
        private var onEstablished: EstablishedListener? = null

        /** See [NotificationOptions.keyPrefix]. */
        public fun keyPrefix(prefix: String): Builder = apply { keyPrefix = prefix }

        /** See [NotificationOptions.onEstablished]. */
        public fun onEstablished(listener: EstablishedListener): Builder = apply {
            onEstablished = listener
        }

        /** The options. */
        public fun build(): NotificationOptions = NotificationOptions(keyPrefix, onEstablished)
    }

    public companion object {
        /** Every change, no listener. */
        @JvmField public val DEFAULT: NotificationOptions = NotificationOptions()

        /** A new [Builder]. */
        @JvmStatic public fun builder(): Builder = Builder()
    }
}
