package io.oxia.coroutines.java.internal

import io.opentelemetry.context.Context
import io.opentelemetry.context.Scope
import kotlin.coroutines.CoroutineContext
import kotlinx.coroutines.ThreadContextElement
import kotlinx.coroutines.flow.Flow
import kotlinx.coroutines.flow.flowOn

/**
 * The OpenTelemetry context of the Java thread that made a publisher, current wherever its flow
 * runs, so that the operation's span has the caller's span as its parent.
 */
internal class CallerContext(private val context: Context) : ThreadContextElement<Scope> {
    override val key: CoroutineContext.Key<*>
        get() = Key

    override fun updateThreadContext(context: CoroutineContext): Scope = this.context.makeCurrent()

    override fun restoreThreadContext(context: CoroutineContext, oldState: Scope) = oldState.close()

    /** The key of [CallerContext] in a coroutine context. */
    companion object Key : CoroutineContext.Key<CallerContext>
}

/** [this] flow, run in the calling thread's OpenTelemetry context when [traced]. */
internal fun <T> Flow<T>.inCallerContext(traced: Boolean): Flow<T> =
    if (traced) flowOn(CallerContext(Context.current())) else this
