package io.oxia.coroutines.it.logging

import org.slf4j.ILoggerFactory
import org.slf4j.IMarkerFactory
import org.slf4j.Marker
import org.slf4j.event.Level
import org.slf4j.helpers.AbstractLogger
import org.slf4j.helpers.BasicMarkerFactory
import org.slf4j.helpers.MessageFormatter
import org.slf4j.helpers.NOPMDCAdapter
import org.slf4j.spi.MDCAdapter
import org.slf4j.spi.SLF4JServiceProvider

/**
 * The SLF4J binding of the core's tests: every line the client logs at DEBUG and above (the
 * libraries below it: WARN and above) goes to [CapturedLogs], where specs read what was reported.
 */
class CapturingProvider : SLF4JServiceProvider {
    private val factory = ILoggerFactory { CapturingLogger(it) }
    private val markers = BasicMarkerFactory()
    private val mdc = NOPMDCAdapter()

    override fun getLoggerFactory(): ILoggerFactory = factory

    override fun getMarkerFactory(): IMarkerFactory = markers

    override fun getMDCAdapter(): MDCAdapter = mdc

    override fun getRequestedApiVersion(): String = "2.0.99"

    override fun initialize() {}
}

/** DEBUG and above for the client's own loggers, WARN and above for the libraries below it. */
private class CapturingLogger(private val loggerName: String) : AbstractLogger() {
    private val own = loggerName.startsWith("io.oxia.coroutines.")

    init {
        name = loggerName
    }

    override fun isTraceEnabled(): Boolean = false

    override fun isTraceEnabled(marker: Marker?): Boolean = false

    override fun isDebugEnabled(): Boolean = own

    override fun isDebugEnabled(marker: Marker?): Boolean = own

    override fun isInfoEnabled(): Boolean = own

    override fun isInfoEnabled(marker: Marker?): Boolean = own

    override fun isWarnEnabled(): Boolean = true

    override fun isWarnEnabled(marker: Marker?): Boolean = true

    override fun isErrorEnabled(): Boolean = true

    override fun isErrorEnabled(marker: Marker?): Boolean = true

    override fun getFullyQualifiedCallerName(): String? = null

    override fun handleNormalizedLoggingCall(
        level: Level,
        marker: Marker?,
        messagePattern: String?,
        arguments: Array<out Any?>?,
        throwable: Throwable?,
    ) {
        val text = MessageFormatter.basicArrayFormat(messagePattern, arguments)
        CapturedLogs.record(CapturedLogs.Line(System.nanoTime(), level, loggerName, text))
    }
}
