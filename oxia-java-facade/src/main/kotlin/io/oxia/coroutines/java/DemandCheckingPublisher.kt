package io.oxia.coroutines.java

import java.util.concurrent.Flow
import java.util.concurrent.atomic.AtomicInteger
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.jdk9.asPublisher

/**
 * This flow as a [Flow.Publisher] on [Dispatchers.Default], with Reactive Streams rule 3.9 kept.
 */
internal fun <T : Any> kotlinx.coroutines.flow.Flow<T>.toPublisher(): Flow.Publisher<T> =
    DemandCheckingPublisher(asPublisher(Dispatchers.Default))

/**
 * [upstream], whose subscriptions answer a request of zero or fewer items as Reactive Streams rule
 * 3.9 asks: the upstream is cancelled and the subscriber gets `onError(IllegalArgumentException)`.
 * kotlinx-coroutines' publisher ignores such a request, which leaves a faulty subscriber waiting
 * forever without a signal.
 */
internal class DemandCheckingPublisher<T>(private val upstream: Flow.Publisher<T>) :
    Flow.Publisher<T> {
    override fun subscribe(subscriber: Flow.Subscriber<in T>) {
        upstream.subscribe(Relay(subscriber))
    }

    /**
     * Passes signals through. The error for a bad request may be raised on the subscriber's thread
     * while an item is being delivered on another, or from inside `onNext`: it is then delivered
     * when that `onNext` returns, so that signals never overlap.
     */
    private class Relay<T>(private val downstream: Flow.Subscriber<in T>) :
        Flow.Subscriber<T>, Flow.Subscription {
        private lateinit var subscription: Flow.Subscription
        private val state = AtomicInteger(IDLE)
        @Volatile private var badRequest: IllegalArgumentException? = null
        @Volatile private var cancelled = false

        override fun onSubscribe(subscription: Flow.Subscription) {
            this.subscription = subscription
            downstream.onSubscribe(this)
        }

        override fun onNext(item: T) {
            if (!state.compareAndSet(IDLE, DELIVERING)) return
            try {
                downstream.onNext(item)
            } finally {
                leaveDelivery()
            }
        }

        override fun onError(throwable: Throwable) {
            if (state.compareAndSet(IDLE, ENDED)) downstream.onError(throwable)
        }

        override fun onComplete() {
            if (state.compareAndSet(IDLE, ENDED)) downstream.onComplete()
        }

        override fun request(n: Long) {
            if (n > 0) return subscription.request(n)
            // Rule 3.6: after cancel, requests do nothing.
            if (cancelled) return
            subscription.cancel()
            badRequest =
                IllegalArgumentException("request($n): Reactive Streams rule 3.9 asks n > 0")
            while (true) {
                when (state.get()) {
                    IDLE -> if (state.compareAndSet(IDLE, ENDED)) return failDownstream()
                    DELIVERING ->
                        if (state.compareAndSet(DELIVERING, DELIVERING or ERROR_PENDING)) return
                    else -> return // already ended, or an error already pending
                }
            }
        }

        override fun cancel() {
            cancelled = true
            subscription.cancel()
        }

        private fun leaveDelivery() {
            if (state.compareAndSet(DELIVERING, IDLE)) return
            // A bad request came during the delivery.
            state.set(ENDED)
            failDownstream()
        }

        private fun failDownstream() {
            downstream.onError(badRequest)
        }

        private companion object {
            const val IDLE = 0
            const val DELIVERING = 1
            const val ERROR_PENDING = 2
            const val ENDED = 4
        }
    }
}
