package io.oxia.coroutines.java.internal

import java.util.concurrent.Flow
import java.util.concurrent.atomic.AtomicInteger
import java.util.concurrent.atomic.AtomicLong
import kotlinx.coroutines.CoroutineDispatcher
import kotlinx.coroutines.Dispatchers
import kotlinx.coroutines.channels.Channel
import kotlinx.coroutines.flow.buffer
import kotlinx.coroutines.flow.flowOn
import kotlinx.coroutines.jdk9.asPublisher

/**
 * This flow as a [Flow.Publisher] whose subscribers get their signals on [signals], with Reactive
 * Streams rules 1.3 and 3.9 kept. The flow itself runs on [Dispatchers.Default], handing each item
 * over without a buffer (it is at most one item ahead of the demand): a subscriber that blocks in
 * `onNext` holds one of [signals]' threads, never a thread the flow's own work needs.
 *
 * Not part of the API: public only so that `oxia-recipes-java` publishes exactly as this facade
 * does.
 */
public fun <T : Any> kotlinx.coroutines.flow.Flow<T>.toPublisher(
    signals: CoroutineDispatcher
): Flow.Publisher<T> =
    DemandCheckingPublisher(
        buffer(Channel.RENDEZVOUS).flowOn(Dispatchers.Default).asPublisher(signals)
    )

/**
 * [upstream], whose subscriptions keep two Reactive Streams rules kotlinx-coroutines' publisher
 * does not:
 * - rule 3.9: a request of zero or fewer items cancels the upstream and the subscriber gets
 *   `onError(IllegalArgumentException)`; kotlinx-coroutines ignores such a request, which leaves a
 *   faulty subscriber waiting forever without a signal;
 * - rule 1.3: no signal overlaps `onSubscribe`; kotlinx-coroutines starts the flow on another
 *   thread as soon as `onSubscribe` requests, and may deliver `onNext` before `onSubscribe` has
 *   returned. Requests made inside `onSubscribe` are passed on when it returns.
 */
internal class DemandCheckingPublisher<T>(private val upstream: Flow.Publisher<T>) :
    Flow.Publisher<T> {
    override fun subscribe(subscriber: Flow.Subscriber<in T>) {
        upstream.subscribe(Relay(subscriber))
    }

    /**
     * Passes signals through. The error for a bad request may be raised on the subscriber's thread
     * while an item is being delivered on another, or from inside `onNext` or `onSubscribe`: it is
     * then delivered when that signal returns, so that signals never overlap.
     */
    private class Relay<T>(private val downstream: Flow.Subscriber<in T>) :
        Flow.Subscriber<T>, Flow.Subscription {
        @Volatile private lateinit var subscription: Flow.Subscription
        // Delivering onSubscribe counts as delivering: a bad request inside it is held until it
        // returns.
        private val state = AtomicInteger(DELIVERING)
        @Volatile private var badRequest: IllegalArgumentException? = null
        @Volatile private var cancelled = false
        // While onSubscribe runs, requests add up here instead of reaching the upstream.
        @Volatile private var subscribing = true
        private val heldDemand = AtomicLong()

        override fun onSubscribe(subscription: Flow.Subscription) {
            this.subscription = subscription
            try {
                downstream.onSubscribe(this)
            } finally {
                // Ready for items before any demand reaches the upstream.
                val good = leaveDelivery()
                subscribing = false
                if (good) releaseHeldDemand()
            }
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
            if (n > 0) {
                if (!subscribing) return subscription.request(n)
                heldDemand.getAndUpdate { held ->
                    if (held > Long.MAX_VALUE - n) Long.MAX_VALUE else held + n
                }
                // onSubscribe may have returned meanwhile, on another thread.
                if (!subscribing) releaseHeldDemand()
                return
            }
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

        /** Whether the delivery ended normally; if a bad request came during it, fails. */
        private fun leaveDelivery(): Boolean {
            if (state.compareAndSet(DELIVERING, IDLE)) return true
            // A bad request came during the delivery.
            state.set(ENDED)
            failDownstream()
            return false
        }

        private fun releaseHeldDemand() {
            val held = heldDemand.getAndSet(0)
            if (held > 0) subscription.request(held)
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
