package io.oxia.coroutines.it.logging

import java.util.concurrent.ConcurrentLinkedDeque
import java.util.concurrent.atomic.AtomicInteger
import org.slf4j.event.Level

/** The latest lines the client logged in this test JVM (at most [CAPACITY]), for specs to read. */
object CapturedLogs {
    /** One logged line: when (nano time), its level, the logger and the formatted message. */
    class Line(val at: Long, val level: Level, val logger: String, val text: String) {
        override fun toString(): String = "$level $logger: $text"
    }

    private const val CAPACITY = 20_000
    private val lines = ConcurrentLinkedDeque<Line>()
    private val count = AtomicInteger()

    /** Keeps [line], dropping the oldest beyond [CAPACITY]. */
    fun record(line: Line) {
        lines.addLast(line)
        if (count.incrementAndGet() > CAPACITY && lines.pollFirst() != null) count.decrementAndGet()
    }

    /** The lines logged since [since] (a [System.nanoTime] instant), oldest first. */
    fun since(since: Long): List<Line> = lines.filter { it.at - since >= 0 }
}
